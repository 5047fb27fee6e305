package io.revealed.cli;

import io.revealed.data.Actions;
import io.revealed.data.Episode;
import io.revealed.data.EpisodeDataset;
import io.revealed.deep.ContinuousPolicy;
import io.revealed.deep.DiscretePolicy;
import io.revealed.deep.MlpPolicy;
import io.revealed.env.ControlEnv;
import io.revealed.env.ControlEnvs;
import io.revealed.env.Space;
import io.revealed.io.EpisodeJsonl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code revealed demos} for control environments: episodes of a saved policy (greedy) or of the
 * uniformly random policy, episode i from {@code reset(seed + i)}, written as continuous JSONL.
 */
final class ControlDemos {
    private ControlDemos() {}

    static void run(DemosCommand c) {
        if (c.model != null) throw new CliException("--model is for tabular environments; control environments take --policy DIR or --policy random");
        if (c.length != null) throw new CliException("--length does not apply to control environments: episodes end when the environment ends them");
        ControlEnv env = ControlEnvs.create(c.envOptions.env);
        String source = c.policy == null ? "random" : c.policy;
        MlpPolicy policy = null;
        if (!source.equals("random")) {
            Path dir = Path.of(source);
            if (Files.isDirectory(dir.resolve("policy"))) dir = dir.resolve("policy");
            if (!Files.isRegularFile(dir.resolve("policy.properties")))
                throw new CliException(source + ": no saved policy here (expected policy.properties, or a run folder with policy/)");
            policy = MlpPolicy.load(dir);
        }
        List<Episode> episodes = new ArrayList<>(c.episodes);
        SplittableRandom rng = new SplittableRandom(c.seed);
        try (Progress bar = Progress.start("demos", c.episodes, c.common.progress())) {
            for (int i = 0; i < c.episodes; i++) {
                episodes.add(episode(env, policy, c.seed + i, rng.split()));
                bar.stepTo(i + 1);
            }
        } finally {
            if (policy != null) policy.close();
        }
        EpisodeDataset data = new EpisodeDataset(episodes);
        EpisodeJsonl.write(data, c.out);
        new Summary("demonstrations")
                .put("file", c.out.toString())
                .put("env", env.id())
                .put("policy", source)
                .put("episodes", data.size())
                .put("steps", data.steps())
                .put("seed", c.seed)
                .put("mean return", data.returns().map(EpisodeDataset.Returns::mean).orElse(Double.NaN))
                .print(c.spec.commandLine().getOut(), c.common.json);
    }

    /**
     * Returns of {@code episodes} episodes of uniformly random actions, episode i from
     * {@code reset(seed + i)}, as {@code demos --policy random --seed SEED} plays them.
     */
    static double[] randomReturns(ControlEnv env, int episodes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] r = new double[episodes];
        for (int i = 0; i < episodes; i++) r[i] = episode(env, null, seed + i, rng.split()).totalReward();
        return r;
    }

    private static Episode episode(ControlEnv env, MlpPolicy policy, long seed, SplittableRandom rng) {
        List<double[]> obs = new ArrayList<>();
        List<double[]> cont = new ArrayList<>();
        List<Integer> disc = new ArrayList<>();
        List<Double> rews = new ArrayList<>();
        double[] o = env.reset(seed);
        obs.add(o);
        Space space = env.actionSpace();
        float[] x = new float[o.length];
        while (true) {
            for (int j = 0; j < o.length; j++) x[j] = (float) o[j];
            ControlEnv.Step s;
            if (space instanceof Space.Discrete d) {
                int a = policy == null ? rng.nextInt(d.n()) : ((DiscretePolicy) policy).greedy(x, 1)[0];
                disc.add(a);
                s = env.step(a);
            } else {
                Space.Box box = (Space.Box) space;
                double[] a = new double[box.dimension()];
                if (policy == null) for (int j = 0; j < a.length; j++) a[j] = box.low(j) + rng.nextDouble() * (box.high(j) - box.low(j));
                else a = ((ContinuousPolicy) policy).act(x, 1);
                cont.add(a);
                s = env.step(a);
            }
            rews.add(s.reward());
            o = s.observation();
            obs.add(o);
            if (s.done()) {
                Actions acts = space instanceof Space.Discrete
                        ? new Actions.Discrete(disc.stream().mapToInt(Integer::intValue).toArray())
                        : new Actions.Continuous(cont.toArray(double[][]::new));
                return new Episode(obs.toArray(double[][]::new), acts, rews.stream().mapToDouble(Double::doubleValue).toArray(),
                        s.terminated(), s.truncated());
            }
        }
    }
}
