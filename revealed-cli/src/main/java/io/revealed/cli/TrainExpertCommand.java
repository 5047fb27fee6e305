package io.revealed.cli;

import io.revealed.deep.Dqn;
import io.revealed.deep.Ppo;
import io.revealed.deep.Sac;
import io.revealed.env.ControlEnvs;
import io.revealed.env.Space;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code revealed train-expert}: train a policy by reinforcement learning, to make demonstrations with. */
@Command(name = "train-expert", mixinStandardHelpOptions = true,
        description = {"Train an expert policy by reinforcement learning.",
                "Writes a run folder with the policy in policy/, metrics.json and curves.csv (episode returns against",
                "environment steps). Discrete actions (CartPole, MountainCar, Acrobot): --algo ppo, --algo dqn;",
                "continuous actions (Pendulum): --algo ppo, --algo sac."})
final class TrainExpertCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--env", required = true, paramLabel = "ENV", description = "Control environment: cartpole, mountaincar, acrobot, or a Gymnasium id.")
    String env;

    @Option(names = "--algo", defaultValue = "ppo", paramLabel = "ALGO",
            description = "RL algorithm (default ${DEFAULT-VALUE}): ppo (CleanRL's settings; the RL Zoo's on Pendulum, Ppo.Options.forEnv), "
                    + "dqn (per-environment presets, Dqn.Options.forEnv) or sac.")
    String algo;

    @Option(names = "--steps", paramLabel = "N",
            description = "Environment steps (default: the environment's preset for ppo, 100000 Pendulum, 500000 otherwise; 20000 for sac; "
                    + "for dqn the environment's preset: 120000 MountainCar, 100000 Acrobot, 500000 otherwise).")
    Long stepsOption;

    @Option(names = "--normalize-observations", negatable = true, paramLabel = "",
            description = "ppo, dqn: normalise observations by running mean and variance, saved with the policy (default: off, unless the preset turns it on).")
    Boolean normalizeObservations;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "K", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--eval-episodes", defaultValue = "100", paramLabel = "N", description = "Greedy evaluation episodes (default ${DEFAULT-VALUE}).")
    int evalEpisodes;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run folder to write.")
    Path out;

    @Option(names = "--force", description = "Replace an earlier run folder at --out.")
    boolean force;

    @Option(names = "--hidden", split = ",", paramLabel = "W", description = "sac: hidden layer widths of the actor and critics (default 64,64).")
    int[] hidden;

    @Option(names = "--learning-starts", paramLabel = "N", description = "sac: steps of uniformly random actions before learning (default 5000).")
    Long learningStarts;

    @Option(names = "--batch-size", paramLabel = "N", description = "sac: transitions per gradient step (default 256).")
    Integer batchSize;

    @Option(names = "--buffer-size", paramLabel = "N", description = "sac: replay buffer capacity (default 1000000).")
    Integer bufferSize;

    @Option(names = "--policy-lr", paramLabel = "X", description = "sac: Adam step size of the actor (default 3e-4).")
    Double policyLr;

    @Option(names = "--q-lr", paramLabel = "X", description = "sac: Adam step size of the critics and of the temperature (default 1e-3).")
    Double qLr;

    @Option(names = "--alpha", paramLabel = "X", description = "sac: a fixed entropy temperature (default: learned, from 1, towards entropy -dim(A)).")
    Double alpha;

    @Override
    public void run() {
        if (!algo.equals("ppo") && !algo.equals("dqn") && !algo.equals("sac"))
            throw new CliException("unknown --algo '" + algo + "'; available: ppo, dqn, sac");
        if (stepsOption != null && stepsOption < 1) throw new CliException("--steps must be >= 1, got " + stepsOption);
        if (evalEpisodes < 1) throw new CliException("--eval-episodes must be >= 1, got " + evalEpisodes);
        String id = ControlEnvs.canonicalId(env);
        long steps = stepsOption != null ? stepsOption : defaultSteps(algo, id);
        boolean continuous = ControlEnvs.create(id).actionSpace() instanceof Space.Box;
        if (algo.equals("sac") && !continuous)
            throw new CliException("--algo sac needs continuous actions; " + id + " has discrete ones (use --algo ppo or dqn)");
        if (algo.equals("dqn") && continuous)
            throw new CliException("--algo dqn needs discrete actions; " + id + " has continuous ones (use --algo ppo or sac)");
        if (algo.equals("sac") && normalizeObservations != null)
            throw new CliException("--normalize-observations applies to --algo ppo and dqn only");
        Sac.Options sacOptions = sacOptions();
        RunFolder.checkWritable(out, force);
        long start = System.nanoTime();
        io.revealed.deep.MlpPolicy trained;
        Ppo.Curve episodes;
        long envSteps;
        String options;
        try (Progress bar = Progress.start(algo, steps, common.progress())) {
            if (algo.equals("ppo")) {
                Ppo.Options po = Ppo.Options.forEnv(id).withSeed(seed);
                if (normalizeObservations != null) po = po.withNormalizeObservations(normalizeObservations);
                Ppo ppo = new Ppo(po);
                Ppo.Result r = ppo.train(id, steps, p -> {
                    bar.stepTo(p.envSteps());
                    bar.message(String.format(Locale.ROOT, "recent return %.1f", p.recentMeanReturn()));
                });
                trained = r.policy();
                episodes = r.episodes();
                envSteps = r.envSteps();
                options = ppo.options().toString();
            } else if (algo.equals("sac")) {
                Sac sac = new Sac(sacOptions);
                Sac.Result r;
                try {
                    r = sac.train(id, steps, p -> {
                        bar.stepTo(p.envSteps());
                        bar.message(String.format(Locale.ROOT, "return %.1f, alpha %.3f", p.episodeReturn(), p.alpha()));
                    });
                } catch (Sac.DivergedException e) {
                    throw new CliException(e.getMessage());
                }
                trained = r.policy();
                episodes = r.episodes();
                envSteps = r.envSteps();
                options = sac.options().toString();
            } else {
                Dqn.Options dqo = Dqn.Options.forEnv(id).withSeed(seed);
                if (normalizeObservations != null) dqo = dqo.withNormalizeObservations(normalizeObservations);
                Dqn dqn = new Dqn(dqo);
                Dqn.Result r = dqn.train(id, steps, p -> {
                    bar.stepTo(p.envSteps());
                    bar.message(String.format(Locale.ROOT, "return %.1f, epsilon %.2f", p.episodeReturn(), p.epsilon()));
                });
                trained = r.policy();
                episodes = r.episodes();
                envSteps = r.envSteps();
                options = dqn.options().toString();
            }
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        try (var policy = trained; RunFolder folder = RunFolder.create(out, force).warnTo(spec.commandLine().getErr())) {
            // The same evaluation as learn --algo bc and eval: greedy, episode i from reset(i).
            double[] eval = BcJob.evaluate(policy, () -> ControlEnvs.create(id), evalEpisodes, 0).returns();
            double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (double r : eval) {
                sum += r;
                min = Math.min(min, r);
                max = Math.max(max, r);
            }
            StringBuilder curve = new StringBuilder("env_steps,episode_return\n");
            long[] at = episodes.envSteps();
            double[] ret = episodes.returns();
            for (int i = 0; i < ret.length; i++) curve.append(at[i]).append(',').append(ret[i]).append('\n');
            m.put("algorithm", algo);
            m.put("env", id);
            m.put("env_steps", envSteps);
            m.put("episodes", ret.length);
            m.put("train_seconds", trainSeconds);
            m.put("eval_episodes", evalEpisodes);
            m.put("eval_mean_return", sum / evalEpisodes);
            m.put("eval_min_return", min);
            m.put("eval_max_return", max);
            policy.save(folder.file("policy"));
            folder.writeString("curves.csv", curve.toString());
            Map<String, Object> c = Provenance.start("train-expert",
                    List.of(spec.commandLine().getParseResult().originalArgs().toArray(String[]::new)), algo, options, id);
            folder.writeString("config.json", Provenance.finish(c, seed));
            folder.writeString("metrics.json", Json.write(m) + "\n");
            m.put("run_folder", folder.commit().toString());
        }
        if (common.json) {
            spec.commandLine().getOut().println(Json.line(m));
            spec.commandLine().getOut().flush();
            return;
        }
        new Summary("expert (" + algo + ") on " + id)
                .put("env steps", m.get("env_steps"))
                .put("episodes", m.get("episodes"))
                .put("train time (s)", m.get("train_seconds"))
                .put("greedy mean return", Summary.number((Double) m.get("eval_mean_return")) + " over " + evalEpisodes + " episodes")
                .put("run folder", m.get("run_folder"))
                .print(spec.commandLine().getOut(), false);
    }

    /** The SAC options from the defaults and the sac-only flags, which other algorithms refuse. */
    private Sac.Options sacOptions() {
        if (!algo.equals("sac")) {
            for (Object[] flag : new Object[][]{{"--hidden", hidden}, {"--learning-starts", learningStarts}, {"--batch-size", batchSize},
                    {"--buffer-size", bufferSize}, {"--policy-lr", policyLr}, {"--q-lr", qLr}, {"--alpha", alpha}})
                if (flag[1] != null) throw new CliException(flag[0] + " applies to --algo sac only");
            return null;
        }
        try {
            Sac.Options o = new Sac.Options().withSeed(seed);
            if (hidden != null) o = o.withHidden(hidden);
            if (learningStarts != null) o = o.withLearningStarts(learningStarts);
            if (batchSize != null) o = o.withBatchSize(batchSize);
            if (bufferSize != null) o = o.withBufferSize(bufferSize);
            if (policyLr != null || qLr != null)
                o = o.withLearningRates(policyLr != null ? policyLr : o.policyLearningRate(), qLr != null ? qLr : o.qLearningRate());
            if (alpha != null) o = o.withFixedAlpha(alpha);
            return o;
        } catch (IllegalArgumentException e) {
            throw new CliException("bad SAC option: " + e.getMessage());
        }
    }

    /** The env steps of a run when {@code --steps} is not given: PPO's or DQN's preset for the environment, SAC's 20,000. */
    static long defaultSteps(String algo, String envId) {
        return switch (algo) {
            case "dqn" -> Dqn.Options.stepsFor(envId);
            case "sac" -> 20_000;
            default -> Ppo.Options.stepsFor(envId);
        };
    }
}
