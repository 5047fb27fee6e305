package io.revealed.cli;

import io.revealed.deep.MlpPolicy;
import io.revealed.env.ControlEnv;
import io.revealed.env.ControlEnvs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code revealed eval}: roll out a saved policy in an environment and report its returns. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a saved policy in an environment.",
                "Runs greedy episodes (episode i starts from reset(seed + i)) and prints the mean, min and max return."})
final class EvalCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--policy", required = true, paramLabel = "DIR", description = "A policy folder, or a run folder holding one in policy/.")
    Path policyDir;

    @Option(names = "--env", required = true, paramLabel = "ENV", description = "Environment id: cartpole, mountaincar, acrobot, pendulum, or a Gymnasium id such as CartPole-v1.")
    String env;

    @Option(names = "--episodes", defaultValue = "100", paramLabel = "N", description = "Episodes (default ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "K", description = "Seed of the first episode (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public void run() {
        if (episodes < 1) throw new CliException("--episodes must be >= 1, got " + episodes);
        Path dir = Files.isDirectory(policyDir.resolve("policy")) ? policyDir.resolve("policy") : policyDir;
        if (!Files.isRegularFile(dir.resolve("policy.properties")))
            throw new CliException(policyDir + ": no saved policy here (expected policy.properties, or a run folder with policy/)");
        ControlEnv e = ControlEnvs.create(env);
        try (MlpPolicy p = MlpPolicy.load(dir)) {
            if (p.observationSize() != ((io.revealed.env.Space.Box) e.observationSpace()).dimension())
                throw new CliException(dir + ": the policy takes " + p.observationSize() + " numbers, " + e.id() + " observes " + ((io.revealed.env.Space.Box) e.observationSpace()).dimension());
            BcJob.Evaluation ev = BcJob.evaluate(p, () -> ControlEnvs.create(env), episodes, seed);
            new Summary("evaluation of " + dir + " on " + e.id())
                    .put("episodes", episodes)
                    .put("seed", seed)
                    .put("mean return", ev.mean())
                    .put("min return", ev.min())
                    .put("max return", ev.max())
                    .print(spec.commandLine().getOut(), common.json);
        }
    }
}
