package io.revealed.cli;

import io.revealed.behavior.BehaviorModel;
import io.revealed.behavior.Rollouts;
import io.revealed.data.Trajectory;
import io.revealed.io.TrajectoryJsonl;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.PlanningOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code revealed demos}: sample demonstrations of the environment's reward under a behavioural model. */
@Command(name = "demos", mixinStandardHelpOptions = true,
        description = {"Sample demonstrations and write them as JSONL.",
                "Tabular environments: a behavioural model (--model) of the environment's own reward.",
                "Control environments: a saved policy or the random one (--policy)."})
final class DemosCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    EnvOptions envOptions;

    @Mixin
    CommonOptions common;

    @Option(names = "--model", paramLabel = "MODEL", description = "Tabular environments: behavioural model, optimal, boltzmann:beta=B or mce:alpha=A.")
    String model;

    @Option(names = "--policy", paramLabel = "DIR|random",
            description = "Control environments (cartpole, mountaincar, acrobot, pendulum): a saved policy folder, or 'random' (default).")
    String policy;

    @Option(names = "--episodes", required = true, paramLabel = "N", description = "Number of episodes.")
    int episodes;

    @Option(names = "--length", paramLabel = "T", description = "Actions per episode (default: the horizon; required for an infinite horizon).")
    Integer length;

    @Option(names = "--seed", required = true, paramLabel = "K", description = "Random seed: the same seed gives the same episodes.")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "Output file (written atomically).")
    Path out;

    @Override
    public void run() {
        if (episodes < 1) throw new CliException("--episodes must be >= 1, got " + episodes);
        if (isControl(envOptions.env)) {
            ControlDemos.run(this);
            return;
        }
        if (model == null) throw new CliException("--model is required for tabular environments (optimal, boltzmann:beta=B or mce:alpha=A)");
        if (policy != null) throw new CliException("--policy is for control environments; tabular environments take --model");
        BehaviorModel m = BehaviorModel.parse(model);
        Path parent = out.toAbsolutePath().getParent();
        if (Files.isDirectory(out)) throw new CliException(out + ": is a folder; --out takes a file name");
        if (parent != null && !Files.isDirectory(parent)) throw new CliException(parent + ": folder does not exist");
        EnvOptions.Loaded loaded = envOptions.load();
        TabularMdp mdp = loaded.mdp();
        if (mdp.reward() == null) throw new CliException(envOptions.env + " has no reward to act on");
        int T = episodeLength(mdp, length);
        List<Trajectory> demos = generate(mdp, m, episodes, T, seed, common.progress());
        TrajectoryJsonl.write(demos, out);
        double ret = 0;
        for (Trajectory d : demos) for (double r : d.rewards()) ret += r;
        new Summary("demonstrations")
                .put("file", out.toString())
                .put("episodes", episodes)
                .put("length", T)
                .put("model", m.spec())
                .put("seed", seed)
                .put("mean return", ret / episodes)
                .print(spec.commandLine().getOut(), common.json);
    }

    static boolean isControl(String env) {
        try {
            io.revealed.env.ControlEnvs.canonicalId(env);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static int episodeLength(TabularMdp mdp, Integer length) {
        if (length != null) {
            if (length < 1) throw new CliException("--length must be >= 1, got " + length);
            return length;
        }
        if (!mdp.finiteHorizon()) throw new CliException("the MDP has an infinite horizon: give --length (actions per episode)");
        return mdp.horizon().getAsInt();
    }

    static List<Trajectory> generate(TabularMdp mdp, BehaviorModel m, int episodes, int length, long seed, boolean progress) {
        var policy = m.solve(mdp, mdp.reward().expected(mdp, null), new PlanningOptions()).policy();
        try (Progress bar = Progress.start("demos", episodes, progress)) {
            return Rollouts.sample(mdp, policy, episodes, length, seed, bar::stepTo);
        }
    }
}
