package io.revealed.cli;

import picocli.CommandLine.Option;

/** Options every command shares. */
final class CommonOptions {
    @Option(names = "--json", description = "Print the summary as one JSON object instead of a table.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    /** A progress bar is drawn only for a person at a terminal, never into pipes, files or --json output. */
    boolean progress() {
        return !quiet && !json && System.getenv("REVEALED_NO_PROGRESS") == null && interactive();
    }

    static boolean interactive() {
        java.io.Console c = System.console();
        if (c == null) return false;
        try { // JDK 22+: a console object exists even when redirected; ask whether it is a terminal
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: System.console() is non-null only for a terminal
        }
    }
}
