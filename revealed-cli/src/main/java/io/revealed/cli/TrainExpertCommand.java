package io.revealed.cli;

import io.revealed.deep.Checkpoint;
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
            description = "RL algorithm (default ${DEFAULT-VALUE}): ppo (CleanRL's settings; the RL Zoo's on Pendulum and MountainCar, Ppo.Options.forEnv), "
                    + "dqn (per-environment presets, Dqn.Options.forEnv) or sac.")
    String algo;

    @Option(names = "--steps", paramLabel = "N",
            description = "Environment steps (default: the environment's preset for ppo, 100000 Pendulum, 1000000 MountainCar, 500000 otherwise; 20000 for sac; "
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

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Save the whole training state to OUT/checkpoint every N environment steps and at the end"
                    + " (ppo: after the update that crosses each multiple of N; default: every 10% of the run, at most 50000 steps apart).")
    Long checkpointEvery;

    @Option(names = "--resume", description = "Continue the run killed or finished in --out from OUT/checkpoint, with the options"
            + " saved there (options given must agree; sac, and ppo with a constant step size as on Pendulum, may be given a larger --steps).")
    boolean resume;

    @Option(names = "--select-every", paramLabel = "N",
            description = "dqn: every N environment steps (and at the end) play --select-episodes greedy episodes and keep the best"
                    + " policy so far, which the run returns; 0 keeps the last policy (default " + SELECT_EVERY + ").")
    Long selectEvery;

    @Option(names = "--select-episodes", paramLabel = "K",
            description = "dqn: greedy episodes per selection, from reset(10^9 + i) (default " + SELECT_EPISODES + ").")
    Integer selectEpisodes;

    static final long SELECT_EVERY = 5_000;
    static final int SELECT_EPISODES = 20;

    /** The checkpoint folder inside a run folder. */
    static final String CHECKPOINT = "checkpoint";

    @Override
    public void run() {
        if (!algo.equals("ppo") && !algo.equals("dqn") && !algo.equals("sac"))
            throw new CliException("unknown --algo '" + algo + "'; available: ppo, dqn, sac");
        if (stepsOption != null && stepsOption < 1) throw new CliException("--steps must be >= 1, got " + stepsOption);
        if (evalEpisodes < 1) throw new CliException("--eval-episodes must be >= 1, got " + evalEpisodes);
        String id = ControlEnvs.canonicalId(env);
        Path checkpointDir = out.resolve(CHECKPOINT);
        Checkpoint.Summary saved = resume ? resumable(checkpointDir, id) : null;
        long steps = stepsOption != null ? stepsOption : saved != null ? saved.totalSteps() : defaultSteps(algo, id);
        boolean continuous = ControlEnvs.create(id).actionSpace() instanceof Space.Box;
        if (algo.equals("sac") && !continuous)
            throw new CliException("--algo sac needs continuous actions; " + id + " has discrete ones (use --algo ppo or dqn)");
        if (algo.equals("dqn") && continuous)
            throw new CliException("--algo dqn needs discrete actions; " + id + " has continuous ones (use --algo ppo or sac)");
        if (algo.equals("sac") && normalizeObservations != null)
            throw new CliException("--normalize-observations applies to --algo ppo and dqn only");
        Sac.Options sacOptions = saved != null && algo.equals("sac") ? savedSacOptions(checkpointDir, steps, saved) : sacOptions();
        Dqn.Options savedDqn = saved != null && algo.equals("dqn") ? savedDqnOptions(checkpointDir, steps, saved) : null;
        Ppo.Options savedPpo = saved != null && algo.equals("ppo") ? savedPpoOptions(checkpointDir, steps, saved) : null;
        long[] selection = dqnSelection(checkpointDir, saved);
        if (checkpointEvery != null && checkpointEvery < 1) throw new CliException("--checkpoint-every must be >= 1, got " + checkpointEvery);
        Checkpoint.Settings checkpoints =
                new Checkpoint.Settings(checkpointDir, checkpointEvery != null ? checkpointEvery : defaultCheckpointEvery(steps), resume);
        if (!resume && !force && Checkpoint.exists(checkpointDir))
            throw new CliException(out + ": holds the checkpoint of an earlier run; add --resume to continue it, or --force to start afresh");
        RunFolder.checkWritable(out, force || resume);
        if (!resume) deleteTree(checkpointDir); // --force: an earlier run's checkpoint must not be resumed by mistake
        Trained t;
        try (Progress bar = Progress.start(algo, steps, common.progress())) {
            if (saved != null) bar.stepTo(saved.step());
            if (algo.equals("ppo")) {
                Ppo.Options po = Ppo.Options.forEnv(id).withSeed(seed);
                if (normalizeObservations != null) po = po.withNormalizeObservations(normalizeObservations);
                Ppo ppo = new Ppo(savedPpo != null ? savedPpo : po);
                Ppo.Result r = resuming(() -> ppo.train(id, steps, p -> {
                    bar.stepTo(p.envSteps());
                    bar.message(String.format(Locale.ROOT, "recent return %.1f", p.recentMeanReturn()));
                }, checkpoints));
                t = new Trained(r.policy(), r.episodes(), r.envSteps(), r.trainSeconds(), ppo.options().toString(), null);
            } else if (algo.equals("sac")) {
                Sac sac = new Sac(sacOptions);
                Sac.Result r;
                try {
                    r = resuming(() -> sac.train(id, steps, p -> {
                        bar.stepTo(p.envSteps());
                        bar.message(String.format(Locale.ROOT, "return %.1f, alpha %.3f", p.episodeReturn(), p.alpha()));
                    }, checkpoints));
                } catch (Sac.DivergedException e) {
                    throw new CliException(e.getMessage());
                }
                t = new Trained(r.policy(), r.episodes(), r.envSteps(), r.trainSeconds(), sac.options().toString(), null);
            } else {
                Dqn.Options dqo = Dqn.Options.forEnv(id).withSeed(seed);
                if (normalizeObservations != null) dqo = dqo.withNormalizeObservations(normalizeObservations);
                Dqn dqn = selection == null ? new Dqn(savedDqn != null ? savedDqn : dqo)
                        : new Dqn(savedDqn != null ? savedDqn : dqo).selectingBest(selection[0], (int) selection[1]);
                Dqn.Result r = resuming(() -> dqn.train(id, steps, p -> {
                    bar.stepTo(p.envSteps());
                    bar.message(String.format(Locale.ROOT, "return %.1f, epsilon %.2f", p.episodeReturn(), p.epsilon()));
                }, checkpoints));
                t = new Trained(r.policy(), r.episodes(), r.envSteps(), r.trainSeconds(), dqn.options().toString()
                        + (selection == null ? ", keeps the last policy"
                        : ", keeps the best policy evaluated every " + selection[0] + " steps over " + selection[1] + " episodes"),
                        r.selected());
            }
        }
        Ppo.Curve episodes = t.episodes();
        Dqn.Selected selected = t.selected();
        Map<String, Object> m = new LinkedHashMap<>();
        try (var policy = t.policy(); RunFolder folder = RunFolder.create(out, true).warnTo(spec.commandLine().getErr())) {
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
            m.put("env_steps", t.envSteps());
            m.put("episodes", ret.length);
            m.put("train_seconds", t.trainSeconds());
            m.put("eval_episodes", evalEpisodes);
            m.put("eval_mean_return", sum / evalEpisodes);
            m.put("eval_min_return", min);
            m.put("eval_max_return", max);
            double random = java.util.Arrays.stream(ControlDemos.randomReturns(ControlEnvs.create(id), evalEpisodes, 0)).average().orElseThrow();
            m.put("random_mean_return", random);
            if (sum / evalEpisodes <= random)
                spec.commandLine().getErr().println(String.format(Locale.ROOT,
                        "revealed: warning: the trained policy returns %.2f on average, no better than random actions (%.2f);"
                                + " try another --seed or more --steps", sum / evalEpisodes, random));
            if (selected != null) {
                m.put("selected_at_step", selected.step());
                m.put("selected_mean_return", selected.mean());
                StringBuilder ev = new StringBuilder("env_steps,mean_return\n");
                for (int i = 0; i < selected.evaluations().returns().length; i++)
                    ev.append(selected.evaluations().envSteps()[i]).append(',').append(selected.evaluations().returns()[i]).append('\n');
                folder.writeString("selection.csv", ev.toString());
            }
            policy.save(folder.file("policy"));
            folder.writeString("curves.csv", curve.toString());
            Map<String, Object> c = Provenance.start("train-expert",
                    List.of(spec.commandLine().getParseResult().originalArgs().toArray(String[]::new)), algo, t.options(), id);
            folder.writeString("config.json", Provenance.finish(c, seed));
            folder.writeString("metrics.json", Json.write(m) + "\n");
            // the run's checkpoint is already in --out, so the folder is replaced; it is kept, so that --resume can extend the run
            copyTree(checkpointDir, folder.file(CHECKPOINT));
            m.put("run_folder", folder.commit().toString());
        }
        if (common.json) {
            spec.commandLine().getOut().println(Json.line(m));
            spec.commandLine().getOut().flush();
            return;
        }
        Summary summary = new Summary("expert (" + algo + ") on " + id)
                .put("env steps", m.get("env_steps"))
                .put("episodes", m.get("episodes"))
                .put("train time (s)", m.get("train_seconds"));
        if (selected != null)
            summary.put("kept policy", String.format(Locale.ROOT, "after %d steps (mean %s over %d selection episodes)",
                    selected.step(), Summary.number(selected.mean()), selection[1]));
        summary.put("greedy mean return", Summary.number((Double) m.get("eval_mean_return")) + " over " + evalEpisodes + " episodes")
                .put("run folder", m.get("run_folder"))
                .print(spec.commandLine().getOut(), false);
    }

    /**
     * What a trainer returned, whichever it was.
     *
     * @param trainSeconds wall-clock seconds of training, those of the runs this one resumed included
     * @param options the options as text, for config.json
     * @param selected DQN's choice among its evaluated policies, or null
     */
    private record Trained(io.revealed.deep.MlpPolicy policy, Ppo.Curve episodes, long envSteps, double trainSeconds, String options,
                           Dqn.Selected selected) {}

    /** Runs a trainer; a checkpoint it refuses on {@code --resume} becomes one line of the command. */
    private <T> T resuming(java.util.function.Supplier<T> train) {
        try {
            return train.get();
        } catch (IllegalArgumentException e) {
            if (resume) throw new CliException("cannot resume: " + e.getMessage());
            throw e;
        }
    }

    /** The flags that set the fields of {@code Sac.Options}, for messages about them. */
    private static final Map<String, String> SAC_FLAGS = Map.of("hidden widths", "--hidden", "learningStarts", "--learning-starts",
            "batchSize", "--batch-size", "bufferSize", "--buffer-size", "policyLearningRate", "--policy-lr", "qLearningRate", "--q-lr",
            "alpha", "--alpha");

    /** The library's message with a leading field name ({@code batchSize must be ...}) given as its flag ({@code --batch-size must be ...}). */
    static String sacFlagNames(String message) {
        for (Map.Entry<String, String> e : SAC_FLAGS.entrySet())
            if (message.startsWith(e.getKey() + " ")) return e.getValue() + message.substring(e.getKey().length());
        return message;
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
            throw new CliException("bad SAC option: " + sacFlagNames(e.getMessage()));
        }
    }

    /**
     * DQN's selection settings {every, episodes}, or null to keep the last policy: from the flags
     * (defaults {@value #SELECT_EVERY}, {@value #SELECT_EPISODES}), or on --resume from the checkpoint,
     * refusing flags that disagree with it.
     */
    private long[] dqnSelection(Path checkpointDir, Checkpoint.Summary saved) {
        if (!algo.equals("dqn")) {
            if (selectEvery != null) throw new CliException("--select-every applies to --algo dqn only");
            if (selectEpisodes != null) throw new CliException("--select-episodes applies to --algo dqn only");
            return null;
        }
        if (selectEvery != null && selectEvery < 0) throw new CliException("--select-every must be >= 0 (0: keep the last policy), got " + selectEvery);
        if (selectEpisodes != null && selectEpisodes < 1) throw new CliException("--select-episodes must be >= 1, got " + selectEpisodes);
        if (saved != null) {
            long[] s = readingCheckpoint(() -> Dqn.checkpointSelection(checkpointDir).orElse(null));
            long every = s == null ? 0 : s[0];
            if (selectEvery != null && selectEvery != every)
                throw new CliException("--select-every " + selectEvery + " conflicts with the checkpoint's " + every + " (" + checkpointDir + ")");
            if (selectEpisodes != null && (s == null || selectEpisodes != s[1]))
                throw new CliException("--select-episodes " + selectEpisodes + " conflicts with the checkpoint's "
                        + (s == null ? "none (it keeps the last policy)" : s[1]) + " (" + checkpointDir + ")");
            return s;
        }
        long every = selectEvery != null ? selectEvery : SELECT_EVERY;
        if (every == 0) {
            if (selectEpisodes != null) throw new CliException("--select-episodes needs --select-every > 0");
            return null;
        }
        return new long[]{every, selectEpisodes != null ? selectEpisodes : SELECT_EPISODES};
    }

    /** Every 10% of a run, at most {@value #MAX_CHECKPOINT_EVERY} steps apart: {@code --checkpoint-every}'s default. */
    static long defaultCheckpointEvery(long steps) {
        return Math.max(1, Math.min(MAX_CHECKPOINT_EVERY, (steps + 9) / 10));
    }

    static final long MAX_CHECKPOINT_EVERY = 50_000;

    /**
     * The summary of the checkpoint to resume, after refusing what conflicts with it: no checkpoint,
     * another algorithm, environment or seed.
     */
    private Checkpoint.Summary resumable(Path dir, String id) {
        if (!Checkpoint.exists(dir)) throw new CliException(out + ": no checkpoint to resume from (" + dir + " is missing)");
        Checkpoint.Summary s = readingCheckpoint(() -> Checkpoint.summary(dir));
        if (spec.commandLine().getParseResult().hasMatchedOption("--algo") && !algo.equals(s.algorithm()))
            throw new CliException("--algo " + algo + " conflicts with the checkpoint in " + dir + ", which is of " + s.algorithm());
        algo = s.algorithm();
        if (!id.equals(s.env())) throw new CliException("--env " + id + " conflicts with the checkpoint in " + dir + ", which is on " + s.env());
        return s;
    }

    /** @param fixedBecause why the run's length cannot change, or null when it can be extended */
    private void checkSteps(long steps, Checkpoint.Summary s, String fixedBecause) {
        boolean extendable = fixedBecause == null;
        if (!extendable && steps != s.totalSteps())
            throw new CliException("--steps " + steps + " conflicts with the checkpoint's " + s.totalSteps() + " (" + fixedBecause + ")");
        if (steps < s.step()) throw new CliException("--steps " + steps + " is fewer than the " + s.step() + " steps the checkpoint has taken");
        if (steps == s.step() && s.step() == s.totalSteps())
            throw new CliException(out + ": the run is complete (" + s.step() + " of " + s.totalSteps() + " steps); nothing to resume"
                    + (extendable ? " (give a larger --steps to extend it)" : ""));
    }

    private void checkSeed(long savedSeed, java.util.function.Supplier<String> where) {
        if (spec.commandLine().getParseResult().hasMatchedOption("--seed") && seed != savedSeed)
            throw new CliException("--seed " + seed + " conflicts with the checkpoint's " + savedSeed + " (" + where.get() + ")");
        seed = savedSeed;
    }

    /** What {@code read} gives from a checkpoint, its failure as one line of the command. */
    private static <T> T readingCheckpoint(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new CliException("cannot resume: " + e.getMessage());
        }
    }

    /** Refuses a {@code --[no-]normalize-observations} that disagrees with the checkpoint's setting. */
    private void checkNormalization(boolean saved) {
        if (normalizeObservations != null && normalizeObservations != saved)
            throw new CliException("--" + (normalizeObservations ? "" : "no-") + "normalize-observations conflicts with the checkpoint, which "
                    + (saved ? "normalises" : "does not normalise") + " observations");
    }

    /** The DQN options saved in the checkpoint, after refusing flags that disagree with them. */
    private Dqn.Options savedDqnOptions(Path dir, long steps, Checkpoint.Summary s) {
        sacOptions(); // refuses the sac-only flags
        Dqn.Options o = readingCheckpoint(() -> Dqn.checkpointOptions(dir));
        checkSeed(o.seed(), dir::toString);
        checkNormalization(o.normalizeObservations());
        checkSteps(steps, s, "DQN's exploration schedule depends on the run's length");
        return o;
    }

    /** The SAC options saved in the checkpoint, after refusing flags that disagree with them. */
    private Sac.Options savedSacOptions(Path dir, long steps, Checkpoint.Summary s) {
        Sac.Options o = readingCheckpoint(() -> Sac.checkpointOptions(dir));
        checkSeed(o.seed(), dir::toString);
        // flag, value given (null: not given), the checkpoint's value
        Object[][] flags = {{"--hidden", hidden == null ? null : text(hidden), text(o.hidden())},
                {"--learning-starts", learningStarts, o.learningStarts()},
                {"--batch-size", batchSize, o.batchSize()},
                {"--buffer-size", bufferSize, o.bufferSize()},
                {"--policy-lr", policyLr, o.policyLearningRate()},
                {"--q-lr", qLr, o.qLearningRate()},
                {"--alpha", alpha, o.autotune() ? "learned" : o.alpha()}};
        for (Object[] f : flags)
            if (f[1] != null && !f[1].equals(f[2]))
                throw new CliException(f[0] + " " + f[1] + " conflicts with the checkpoint's " + f[2] + " (" + dir + ")");
        checkSteps(steps, s, null);
        return o;
    }

    /**
     * The PPO options saved in the checkpoint, after refusing flags that disagree with them. PPO runs
     * whole updates, so {@code --steps} is compared after rounding down to whole updates, as the
     * checkpoint records the steps the run takes.
     */
    private Ppo.Options savedPpoOptions(Path dir, long steps, Checkpoint.Summary s) {
        Ppo.Options o = readingCheckpoint(() -> Ppo.checkpointOptions(dir));
        checkSeed(o.seed(), dir::toString);
        checkNormalization(o.normalizeObservations());
        checkSteps(steps / o.batchSize() * o.batchSize(), s,
                o.annealLearningRate() ? "PPO's step size anneals over the run's length" : null);
        return o;
    }

    private static String text(int[] widths) {
        return java.util.Arrays.toString(widths).replaceAll("[\\[\\] ]", "");
    }

    private static void deleteTree(Path root) {
        if (!java.nio.file.Files.exists(root)) return;
        try (var walk = java.nio.file.Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.delete(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot delete the earlier checkpoint " + root + ": " + e.getMessage(), e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try (var walk = java.nio.file.Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (java.nio.file.Files.isDirectory(p)) java.nio.file.Files.createDirectories(dest);
                else java.nio.file.Files.copy(p, dest);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot copy the checkpoint " + from + " into the run folder: " + e.getMessage(), e);
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
