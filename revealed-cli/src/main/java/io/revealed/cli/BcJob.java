package io.revealed.cli;

import io.revealed.data.Actions;
import io.revealed.data.Episode;
import io.revealed.data.EpisodeDataset;
import io.revealed.deep.BehavioralCloning;
import io.revealed.deep.ContinuousPolicy;
import io.revealed.deep.DiscretePolicy;
import io.revealed.deep.MlpPolicy;
import io.revealed.env.ControlEnv;
import io.revealed.env.ControlEnvs;
import io.revealed.env.Space;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Behavioural cloning as the command line runs it: flatten the demonstrations into
 * (observation, action) pairs, train, save the policy into the run folder, and evaluate it in the
 * environment. The training loss, as the trainer reports it (about a hundred times per run), goes
 * to {@code curves.csv}.
 */
final class BcJob {
    private BcJob() {}

    record Output(Map<String, Object> metrics, Path folder) {}

    static Output run(List<String> argv, String envId, EpisodeDataset data, Path demosFile, BehavioralCloning.Options options,
                      int evalEpisodes, RunFolder folder, boolean progress) {
        ControlEnv env = ControlEnvs.create(envId);
        int obsDim = ((Space.Box) env.observationSpace()).dimension();
        if (data.observationDimension() != obsDim)
            throw new CliException(demosFile + ": observations have " + data.observationDimension() + " numbers, " + env.id() + " has " + obsDim);
        int n = (int) data.steps();
        float[] obs = new float[n * obsDim];
        int k = 0;
        for (Episode ep : data.episodes())
            for (int t = 0; t < ep.length(); t++, k++)
                for (int j = 0; j < obsDim; j++) obs[k * obsDim + j] = (float) ep.observations()[t][j];
        long start = System.nanoTime();
        double[] lastLoss = {Double.NaN};
        StringBuilder curve = new StringBuilder("step,loss\n");
        BehavioralCloning.Listener listener;
        Map<String, Object> metrics = new LinkedHashMap<>();
        try (Progress bar = Progress.start("bc", options.steps(), progress)) {
            listener = (step, loss) -> {
                bar.stepTo(step);
                bar.message(String.format(Locale.ROOT, "loss %.4f", loss));
                lastLoss[0] = loss;
                curve.append(step).append(',').append(loss).append('\n');
            };
            MlpPolicy policy = env.actionSpace() instanceof Space.Discrete d
                    ? trainDiscrete(env, d, data, demosFile, obs, obsDim, options, listener, metrics)
                    : trainContinuous(env, (Space.Box) env.actionSpace(), data, demosFile, obs, obsDim, options, listener);
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            try (policy) {
                Evaluation ev = evaluate(policy, () -> ControlEnvs.create(env.id()), evalEpisodes, options.seed());
                metrics.put("algorithm", "bc");
                metrics.put("pairs", n);
                metrics.put("steps", options.steps());
                metrics.put("final_loss", lastLoss[0]);
                metrics.put("demonstrations_mean_return", data.returns().map(EpisodeDataset.Returns::mean).orElse(null));
                metrics.put("eval_episodes", evalEpisodes);
                metrics.put("eval_mean_return", ev.mean());
                metrics.put("eval_min_return", ev.min());
                metrics.put("eval_max_return", ev.max());
                metrics.put("train_seconds", trainSeconds);
                policy.save(folder.file("policy"));
            }
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("hidden", options.hidden());
        o.put("learning_rate", options.learningRate());
        o.put("batch_size", options.batchSize());
        o.put("steps", options.steps());
        o.put("entropy_weight", options.entropyWeight());
        Map<String, Object> c = Provenance.start("learn", argv, "bc", o, env.id());
        c.put("demos", Provenance.demos(demosFile.toString(), demosFile, data.size()));
        folder.writeString("config.json", Provenance.finish(c, options.seed()));
        folder.writeString("curves.csv", curve.toString());
        metrics.put("wall_seconds", (System.nanoTime() - start) / 1e9);
        folder.writeString("metrics.json", Json.write(metrics) + "\n");
        return new Output(metrics, folder.commit());
    }

    private static DiscretePolicy trainDiscrete(ControlEnv env, Space.Discrete d, EpisodeDataset data, Path demosFile, float[] obs, int obsDim,
                                                BehavioralCloning.Options options, BehavioralCloning.Listener listener, Map<String, Object> metrics) {
        if (data.actionKind() != EpisodeDataset.ActionKind.DISCRETE)
            throw new CliException(demosFile + ": actions are continuous, " + env.id() + " has " + d.n() + " discrete actions");
        int n = obs.length / obsDim;
        int[] acts = new int[n];
        int k = 0;
        for (int e = 0; e < data.size(); e++) {
            int[] a = ((Actions.Discrete) data.episodes().get(e).actions()).values();
            for (int t = 0; t < a.length; t++, k++) {
                if (a[t] >= d.n())
                    throw new CliException(demosFile + ": episode " + e + ", step " + t + ": action " + a[t] + " is not an action of " + env.id());
                acts[k] = a[t];
            }
        }
        DiscretePolicy policy = BehavioralCloning.train(obs, obsDim, acts, d.n(), options, listener);
        int[] pred = policy.greedy(obs, n);
        int right = 0;
        for (int i = 0; i < n; i++) if (pred[i] == acts[i]) right++;
        metrics.put("training_accuracy", right / (double) n);
        return policy;
    }

    private static ContinuousPolicy trainContinuous(ControlEnv env, Space.Box box, EpisodeDataset data, Path demosFile, float[] obs, int obsDim,
                                                    BehavioralCloning.Options options, BehavioralCloning.Listener listener) {
        if (data.actionKind() != EpisodeDataset.ActionKind.CONTINUOUS)
            throw new CliException(demosFile + ": actions are discrete, " + env.id() + " has continuous actions");
        int k = box.dimension();
        if (data.actionDimension() != k)
            throw new CliException(demosFile + ": actions have " + data.actionDimension() + " numbers, " + env.id() + " takes " + k);
        int n = obs.length / obsDim;
        float[] acts = new float[n * k];
        int i = 0;
        for (Episode ep : data.episodes())
            for (double[] a : ((Actions.Continuous) ep.actions()).values())
                for (int j = 0; j < k; j++) acts[i++] = (float) a[j];
        return BehavioralCloning.trainContinuous(obs, obsDim, acts, k, box.low(), box.high(), options, listener);
    }

    record Evaluation(double mean, double min, double max, double[] returns) {}

    /**
     * Greedy rollouts ({@link MlpPolicy#greedyReturns}: episode i starts from {@code reset(seed + i)},
     * episodes side by side on copies from {@code envs}) and their summary.
     */
    static Evaluation evaluate(MlpPolicy policy, java.util.function.Supplier<ControlEnv> envs, int episodes, long seed) {
        double[] ret = MlpPolicy.greedyReturns(policy, envs, episodes, seed);
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double r : ret) {
            sum += r;
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        return new Evaluation(sum / episodes, min, max, ret);
    }
}
