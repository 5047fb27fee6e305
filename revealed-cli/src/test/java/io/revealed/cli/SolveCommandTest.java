package io.revealed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revealed.mdp.TabularMdp;
import io.revealed.testing.TestMdps;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code revealed solve} on small MDP files written by hand here, against values computed
 * independently: dense policy iteration for discounted problems, dense backward induction for
 * finite horizons.
 */
class SolveCommandTest {
    @TempDir
    Path dir;

    /** A 3-state, 2-action MDP as JSON text; the same numbers as {@link #mdp}. */
    static String json(double g, Integer horizon) {
        return String.format(Locale.ROOT, """
                {"states": 3, "actions": 2, "discount": %s, "horizon": %s,
                 "initial": [0.5, 0.5, 0.0],
                 "transitions": [[0,0,0,0.7],[0,0,1,0.3],[0,1,2,1.0],
                                 [1,0,0,0.5],[1,0,2,0.5],[1,1,1,0.9],[1,1,2,0.1],
                                 [2,0,2,1.0],[2,1,0,0.2],[2,1,1,0.8]],
                 "features": null,
                 "reward": {"kind": "state_action", "values": [[0.0, -0.5], [1.0, 0.2], [-1.0, 2.0]]}}
                """, g, horizon == null ? "null" : horizon.toString());
    }

    static TabularMdp mdp(double g, Integer horizon) {
        return TabularMdp.builder(3, 2)
                .transition(0, 0, 0, 0.7).transition(0, 0, 1, 0.3).transition(0, 1, 2, 1.0)
                .transition(1, 0, 0, 0.5).transition(1, 0, 2, 0.5).transition(1, 1, 1, 0.9).transition(1, 1, 2, 0.1)
                .transition(2, 0, 2, 1.0).transition(2, 1, 0, 0.2).transition(2, 1, 1, 0.8)
                .initial(new double[]{0.5, 0.5, 0}).discount(g).horizon(horizon).build();
    }

    static final double[] RSA = {0.0, -0.5, 1.0, 0.2, -1.0, 2.0};

    JsonNode solve(double g, Integer horizon, String model) throws Exception {
        Path f = dir.resolve("mdp.json");
        Files.writeString(f, json(g, horizon));
        Cli r = Cli.run("solve", "--env", "file:" + f, "--model", model, "--json");
        assertEquals(0, r.exit(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 0.9, 0.99})
    void optimalValues_discounted_matchDensePolicyIteration(double g) throws Exception {
        JsonNode out = solve(g, null, "optimal");
        double[] expected = TestMdps.policyIteration(mdp(g, null), RSA);
        for (int s = 0; s < 3; s++) assertEquals(expected[s], out.get("values").get(s).asDouble(), 1e-6, "state " + s);
        // Occupancy of the optimal (deterministic here) policy sums to 1/(1-g).
        double total = 0;
        for (JsonNode x : out.get("occupancy")) total += x.asDouble();
        assertEquals(1 / (1 - g), total, 1e-6);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 0.9, 0.99, 1.0})
    void finiteHorizon_allModels_matchDenseBackwardInduction(double g) throws Exception {
        int H = 4;
        double[][] p = TestMdps.dense(mdp(g, H));
        for (String model : new String[]{"optimal", "boltzmann:beta=2", "mce:alpha=0.5"}) {
            JsonNode out = solve(g, H, model);
            // Dense backward induction, written out independently of the planners.
            double[] next = new double[3];
            double[][] pi0 = new double[3][2];
            double[] v0 = new double[3];
            for (int t = H - 1; t >= 0; t--) {
                double[] cur = new double[3];
                for (int s = 0; s < 3; s++) {
                    double[] q = new double[2];
                    for (int a = 0; a < 2; a++) {
                        q[a] = RSA[s * 2 + a];
                        for (int s2 = 0; s2 < 3; s2++) q[a] += g * p[s * 2 + a][s2] * next[s2];
                    }
                    double m = Math.max(q[0], q[1]);
                    if (model.startsWith("mce")) {
                        double alpha = 0.5;
                        cur[s] = m + alpha * Math.log(Math.exp((q[0] - m) / alpha) + Math.exp((q[1] - m) / alpha));
                        for (int a = 0; a < 2; a++) pi0[s][a] = Math.exp((q[a] - cur[s]) / alpha);
                    } else {
                        cur[s] = m;
                        if (model.startsWith("boltzmann")) {
                            double z = Math.exp(2 * (q[0] - m)) + Math.exp(2 * (q[1] - m));
                            for (int a = 0; a < 2; a++) pi0[s][a] = Math.exp(2 * (q[a] - m)) / z;
                        } else {
                            for (int a = 0; a < 2; a++) pi0[s][a] = q[a] == m ? 1 : 0;
                        }
                    }
                }
                next = cur;
                if (t == 0) v0 = cur;
            }
            for (int s = 0; s < 3; s++) {
                assertEquals(v0[s], out.get("values").get(s).asDouble(), 1e-6, model + " value of state " + s);
                for (int a = 0; a < 2; a++)
                    assertEquals(pi0[s][a], out.get("policy").get(s).get(a).asDouble(), 1e-6, model + " policy " + s + "," + a);
            }
            double total = 0;
            for (JsonNode x : out.get("occupancy")) total += x.asDouble();
            assertEquals(g == 1 ? H + 1 : (1 - Math.pow(g, H + 1)) / (1 - g), total, 1e-9, model);
        }
    }
}
