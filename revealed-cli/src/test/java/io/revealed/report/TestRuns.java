package io.revealed.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.revealed.data.Trajectory;
import io.revealed.io.MdpJson;
import io.revealed.io.TrajectoryJsonl;
import io.revealed.mdp.TabularReward;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small run folders written by hand, with numbers simple enough to check the pages against:
 * a 3 x 3 gridworld learn run with horizon 4, a sensitivity run and a control run.
 */
final class TestRuns {
    private TestRuns() {}

    static final ObjectMapper JSON = new ObjectMapper();

    /** The learned reward of {@link #grid}: 9 in the bottom-right cell, 0 elsewhere (mean 1, so -1 and 8 after the shift, -0.125 and 1 standardised). */
    static final double[] LEARNED = {0, 0, 0, 0, 0, 0, 0, 0, 9};

    /**
     * A learn run of {@code gridworld:size=3} (discount 1, horizon 4) with two demonstrations: one
     * that stays in state 4 for 4 steps, and one that walks 0, 1, 2, 5 (then 8). Over the 8 counted
     * steps the expert spends 4/8 = 50% in state 4 and 1/8 = 12.5% in each of 0, 1, 2 and 5. The
     * learned policy always moves right; policy.json holds {@code stepsWritten} of its 4 steps.
     */
    static Path grid(Path dir, String name, String env, int stepsWritten) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        int size = Integer.parseInt(env.replaceAll(".*size=(\\d+).*", "$1")), S = size * size, A = 5, H = 4;
        List<Trajectory> demos = List.of(
                new Trajectory(new int[]{4, 4, 4, 4, 4}, new int[]{4, 4, 4, 4}, null, false, true),
                new Trajectory(new int[]{0, 1, 2, 5, 8}, new int[]{0, 0, 1, 1}, null, false, true));
        TrajectoryJsonl.write(demos, run.resolve("demos.jsonl"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("command", "learn");
        config.put("argv", List.of("learn", "--env", env, "--demos", "my demos.jsonl", "--out", name));
        config.put("algorithm", "mce-irl");
        config.put("algorithm_options", Map.of("l2", 0.001));
        config.put("env", env);
        config.put("states", S);
        config.put("actions", A);
        config.put("discount", 1.0);
        config.put("horizon", H);
        config.put("demos", Map.of("path", RunData.DEMOS_IN_FOLDER, "sha256", RunData.sha256(run.resolve("demos.jsonl")), "episodes", 2));
        config.put("seed", 0);
        config.put("revealed_version", "9.9.9-test");
        config.put("java_version", "21");
        config.put("created", "2026-01-02T03:04:05Z");
        JSON.writeValue(run.resolve("config.json").toFile(), config);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("algorithm", "mce-irl");
        metrics.put("converged", true);
        metrics.put("stop_reason", "gradient below tolerance");
        metrics.put("iterations", 2);
        metrics.put("evd", 0.125);
        metrics.put("evd_normalized", 0.0625);
        metrics.put("optimal_value", 2.5);
        metrics.put("greedy_learned_value", 2.375);
        metrics.put("random_policy_value", 0.5);
        metrics.put("wall_seconds", 0.75);
        JSON.writeValue(run.resolve("metrics.json").toFile(), metrics);
        double[] learned = new double[S];
        learned[S - 1] = 9;
        MdpJson.writeReward(TabularReward.ofState(learned, A), Map.of("algorithm", "mce-irl"), run.resolve("reward.json"));
        StringBuilder p = new StringBuilder("{\"states\": " + S + ", \"actions\": " + A + ", \"steps\": " + H + ", \"steps_written\": " + stepsWritten + ", \"probabilities\": [");
        for (int t = 0; t < stepsWritten; t++) {
            p.append(t == 0 ? "[" : ",[");
            for (int s = 0; s < S; s++) p.append(s == 0 ? "" : ",").append("[1.0, 0.0, 0.0, 0.0, 0.0]");
            p.append(']');
        }
        Files.writeString(run.resolve("policy.json"), p.append("]}\n").toString());
        Files.writeString(run.resolve("curves.csv"), "iteration,objective,relative_feature_gap,evd\n0,3.5,0.5,1.5\n1,2.25,0.01,0.25\n2,2.0,0.001,0.125\n");
        return run;
    }

    /** A sensitivity run with two perturbations at sizes 0 and 0.1. */
    static Path sensitivity(Path dir) throws IOException {
        Path run = Files.createDirectories(dir.resolve("sens"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("command", "sensitivity");
        config.put("argv", List.of("sensitivity", "--env", "gridworld:size=3", "--out", "sens"));
        config.put("algorithm", "sensitivity");
        config.put("env", "gridworld:size=3");
        config.put("seed", 0);
        JSON.writeValue(run.resolve("config.json").toFile(), config);
        JSON.writeValue(run.resolve("metrics.json").toFile(), Map.of("assumed", "boltzmann:beta=5.0", "distance", "starc:minimal,l2",
                "points", List.of(Map.of("perturbation", "temperature"))));
        Files.writeString(run.resolve("sensitivity.csv"), "perturbation,size,distance,regret,regret_normalized,setting\n"
                + "temperature,0.0,0.0,0.0,0.0,\"beta 5.0, assumed 5.0\"\n"
                + "temperature,0.1,0.0625,0.5,0.03125,\"beta 5.5, assumed 5.0\"\n"
                + "discount,0.0,0.0,0.0,0.0,\"gamma 0.9\"\n"
                + "discount,0.1,0.375,1.5,0.125,\"gamma 0.8\"\n");
        return run;
    }

    /** A behavioural-cloning run on CartPole: metrics and a loss curve, no tabular files. */
    static Path control(Path dir) throws IOException {
        Path run = Files.createDirectories(dir.resolve("bc"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("command", "learn");
        config.put("argv", List.of("learn", "--algo", "bc", "--env", "cartpole"));
        config.put("algorithm", "bc");
        config.put("env", "CartPole-v1");
        config.put("seed", 0);
        JSON.writeValue(run.resolve("config.json").toFile(), config);
        JSON.writeValue(run.resolve("metrics.json").toFile(), Map.of("algorithm", "bc", "eval_episodes", 10, "eval_mean_return", 480.5,
                "eval_min_return", 400.0, "eval_max_return", 500.0, "wall_seconds", 3.0));
        Files.writeString(run.resolve("curves.csv"), "step,loss\n50,0.6\n100,0.3\n150,0.2\n");
        return run;
    }

    /** The part of a page from the opening tag of element {@code id} to the matching {@code </figure>}. */
    static String figure(String html, String id) {
        int start = html.indexOf("<figure id=\"" + id + "\"");
        if (start < 0) throw new AssertionError("no figure " + id + " on the page");
        return html.substring(start, html.indexOf("</figure>", start));
    }

    /** How many times {@code needle} occurs in {@code s}. */
    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) n++;
        return n;
    }
}
