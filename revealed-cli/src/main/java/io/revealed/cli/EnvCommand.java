package io.revealed.cli;

import io.revealed.env.Environments;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;

/** {@code revealed env list | describe SPEC}. */
@Command(name = "env", description = "List the built-in environments or describe one.",
        subcommands = {EnvCommand.ListCmd.class, EnvCommand.Describe.class}, mixinStandardHelpOptions = true)
final class EnvCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", description = "List the environments and their parameters.", mixinStandardHelpOptions = true)
    static final class ListCmd implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            for (Environments.Info info : Environments.list()) {
                out.println(info.name() + "  " + info.summary());
                for (Environments.Parameter p : info.parameters())
                    out.printf(java.util.Locale.ROOT, "    %-12s %-10s %s%n", p.key(), p.defaultValue(), p.description());
            }
            out.println("Example: revealed env describe gridworld:size=8,slip=0.1");
            out.flush();
        }
    }

    @Command(name = "describe", description = "Describe one environment: sizes, discount, horizon, features, reward.", mixinStandardHelpOptions = true)
    static final class Describe implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "SPEC", description = "Environment spec, e.g. gridworld:size=8.")
        String env;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            out.print(Environments.describe(env));
            out.flush();
        }
    }
}
