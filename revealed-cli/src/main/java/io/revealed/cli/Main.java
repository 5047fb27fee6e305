package io.revealed.cli;

import io.revealed.io.InputException;
import io.revealed.planning.PlanningOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Entry point of the {@code revealed} command. Bad input of any kind ends in one line on standard
 * error and a non-zero exit code: 2 for command-line mistakes, 1 for bad files or values, 70 for
 * internal errors (with a stack trace only under {@code REVEALED_DEBUG=1}).
 */
@Command(name = "revealed",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Infers what an agent wants from what it does: inverse reinforcement learning, demonstrations and reward analysis.",
        subcommands = {EnvCommand.class, SolveCommand.class, DemosCommand.class, ImportCommand.class, LearnCommand.class, CompareCommand.class, SensitivityCommand.class, HackingCommand.class, EvalCommand.class, TrainExpertCommand.class, QuickstartCommand.class, ReportCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_BAD_INPUT = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_INTERNAL = 70;

    static {
        // Reports draw their figures with Java2D; no display is needed or wanted.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("revealed: out of memory (the Java heap is " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB); give a larger one with REVEALED_JAVA_OPTS=-Xmx16g, or a smaller problem");
            code = EXIT_BAD_INPUT;
        }
        System.exit(code);
    }

    /** A configured command line (also used by tests with their own writers). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(Main::handleExecutionException);
        cl.setParameterExceptionHandler(Main::handleParameterException);
        return cl;
    }

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("revealed: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return EXIT_USAGE;
    }

    private static int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        Throwable e = ex;
        int code = EXIT_BAD_INPUT;
        if (e instanceof UncheckedIOException u && u.getMessage() != null && u.getMessage().startsWith("cannot ")) {
            err.println("revealed: " + u.getMessage()); // already names the file and the reason
        } else if (e instanceof UncheckedIOException u && u.getCause() != null) {
            err.println("revealed: " + describe(u.getCause()));
        } else if (e instanceof InputException || e instanceof IllegalArgumentException || e instanceof CliException) {
            err.println("revealed: " + e.getMessage());
        } else if (e instanceof PlanningOptions.NotConvergedException) {
            err.println("revealed: " + e.getMessage() + "; with a discount this close to 1 give a finite --horizon or a smaller --discount");
        } else if (e instanceof ArithmeticException a && String.valueOf(a.getMessage()).contains("overflow")) {
            err.println("revealed: the problem is too large for one array (horizon x states x actions entries); use a shorter horizon or a smaller problem");
        } else if (e instanceof IOException io) {
            err.println("revealed: " + describe(io));
        } else {
            err.println("revealed: internal error: " + e + " (set REVEALED_DEBUG=1 for the stack trace)");
            code = EXIT_INTERNAL;
        }
        if ("1".equals(System.getenv("REVEALED_DEBUG"))) e.printStackTrace(err);
        err.flush();
        return code;
    }

    private static String describe(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException n) return n.getFile() + ": no such file";
        if (e instanceof java.nio.file.AccessDeniedException a) return a.getFile() + ": permission denied";
        if (e instanceof java.nio.file.FileAlreadyExistsException f) return f.getFile() + ": already exists";
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** The version from the build. */
    public static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/revealed.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"revealed " + version() + " (Java " + Runtime.version() + ")"};
        }
    }
}
