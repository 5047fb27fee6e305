package io.revealed.cli;

import io.revealed.behavior.BehaviorModel;
import io.revealed.data.Trajectory;
import io.revealed.io.TrajectoryJsonl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code revealed quickstart}: the whole job on a built-in example. An 8x8 gridworld with slip,
 * 100 Boltzmann-rational demonstrations of its reward, MCE IRL, and how good the learned reward is.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Run the whole job on a built-in example.",
                "Samples demonstrations on an 8x8 gridworld from a Boltzmann-rational demonstrator, learns the reward",
                "with Maximum Causal Entropy IRL, and reports the expected value difference (EVD) of the learned reward."})
final class QuickstartCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--env", defaultValue = "gridworld:size=8,slip=0.1", paramLabel = "SPEC", description = "Environment (default ${DEFAULT-VALUE}).")
    String env;

    @Option(names = "--model", defaultValue = "boltzmann:beta=5", paramLabel = "MODEL", description = "Demonstrator model (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--episodes", defaultValue = "100", paramLabel = "N", description = "Demonstrations (default ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "K", description = "Seed of the demonstrations (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "runs/quickstart", paramLabel = "DIR",
            description = "Run folder (default ${DEFAULT-VALUE}); an earlier quickstart run there is replaced, anything else is left alone.")
    Path out;

    @Mixin
    LearnCommand.IrlOptions irl;

    @Override
    public void run() {
        if (episodes < 1) throw new CliException("--episodes must be >= 1, got " + episodes);
        RunFolder.checkWritable(out, true);
        EnvOptions envOptions = new EnvOptions();
        envOptions.env = env;
        EnvOptions.Loaded loaded = envOptions.load();
        BehaviorModel m = BehaviorModel.parse(model);
        int length = DemosCommand.episodeLength(loaded.mdp(), null);
        List<Trajectory> demos = DemosCommand.generate(loaded.mdp(), m, episodes, length, seed, common.progress());
        Map<String, Object> opts = irl.describe();
        opts.put("demonstrator", m.spec());
        LearnJob.Input in = new LearnJob.Input(List.of(spec.commandLine().getParseResult().originalArgs().toArray(String[]::new)),
                "quickstart", loaded, env, demos, null, irl.algorithm(seed), opts, seed);
        LearnJob.Output o;
        try (RunFolder folder = RunFolder.create(out, true).warnTo(spec.commandLine().getErr())) {
            o = LearnJob.run(in, folder, common.progress(), f -> TrajectoryJsonl.write(demos, f.file("demos.jsonl")));
        }
        var w = spec.commandLine().getOut();
        if (!common.json) {
            w.println("Quickstart: " + episodes + " demonstrations of " + env + " by a " + m.spec() + " demonstrator,");
            w.println("then Maximum Causal Entropy IRL with one-hot state features. EVD is the true value lost by");
            w.println("acting optimally for the learned reward instead of the true one (0 is perfect).");
            w.println();
        }
        LearnCommand.print(w, o, in, common.json);
        Path report = o.folder().resolve("report.html");
        if (!common.json && java.nio.file.Files.isRegularFile(report)) {
            w.println();
            w.println("Open the report in a browser to see the rewards, the policy and the learning curves:");
            w.println("report: " + report);
            w.flush();
        }
    }
}
