package io.revealed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revealed.env.Environments;
import io.revealed.io.MdpJson;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareCommandTest {
    static final String ENV = "gridworld:size=4,slip=0.2,reward=random,seed=3";

    @TempDir
    Path dir;

    /** The environment's reward, potential-shaped with Phi(s) = s/10 at discount 0.9 and scaled by k. */
    Path shapedAndScaled(double k) {
        TabularMdp mdp = Environments.create(ENV).mdp();
        int S = mdp.states(), A = mdp.actions();
        double[] v = mdp.reward().transitionValues(A);
        for (int s = 0; s < S; s++)
            for (int a = 0; a < A; a++)
                for (int s2 = 0; s2 < S; s2++) v[(s * A + a) * S + s2] = k * (v[(s * A + a) * S + s2] + 0.9 * s2 / 10.0 - s / 10.0);
        Path f = dir.resolve("reward-" + k + ".json");
        MdpJson.writeReward(TabularReward.ofTransition(S, A, v), Map.of(), f);
        return f;
    }

    JsonNode compare(String a, String b, String... extra) throws Exception {
        String[] args = new String[]{"compare", "--env", ENV, "--horizon", "none", "--discount", "0.9", a, b, "--json"};
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        Cli r = Cli.run(all);
        assertEquals(0, r.exit(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void aShapedAndScaledRewardIsAtDistanceZeroAndEquivalent() throws Exception {
        JsonNode j = compare("env", shapedAndScaled(2.5).toString());
        assertEquals(0, j.get("starc").asDouble(), 1e-9);
        assertEquals(0, j.get("starc_val").asDouble(), 1e-9);
        assertEquals(0, j.get("epic").asDouble(), 1e-6);
        assertEquals(0, j.get("regret_b_under_a").asDouble(), 1e-9);
        assertTrue(j.get("equivalent").asBoolean());
        assertFalse(j.get("equal_up_to_shaping").asBoolean());
        assertEquals(2.5, j.get("scale").asDouble(), 1e-9);
        // Scaling changes Boltzmann and MCE policies but not the optimal one.
        assertTrue(j.get("models").get(0).get("same_policy").asBoolean());
        assertFalse(j.get("models").get(1).get("same_policy").asBoolean());
    }

    @Test
    void theNegatedRewardIsAtDistanceOne_withEveryNorm() throws Exception {
        for (String norm : new String[]{"l1", "l2", "linf"}) {
            JsonNode j = compare("env", shapedAndScaled(-1).toString(), "--norm", norm);
            assertEquals(1, j.get("starc").asDouble(), 1e-9, norm);
            assertEquals(1, j.get("epic").asDouble(), 1e-6);
            assertFalse(j.get("equivalent").asBoolean());
            assertTrue(j.get("regret_b_under_a").asDouble() > 0);
        }
    }

    @Test
    void badInputIsRefusedWithAMessage() throws Exception {
        Cli missing = Cli.run("compare", "--env", ENV, "env", dir.resolve("nope.json").toString());
        assertEquals(Main.EXIT_BAD_INPUT, missing.exit());
        assertTrue(missing.err().contains("nope.json: no such file"), missing.err());
        Path wrong = dir.resolve("wrong.json");
        Files.writeString(wrong, "{\"kind\": \"state\", \"values\": [1, 2, 3]}");
        Cli shape = Cli.run("compare", "--env", ENV, "env", wrong.toString());
        assertEquals(Main.EXIT_BAD_INPUT, shape.exit());
        assertTrue(shape.err().contains("wrong.json"), shape.err());
        Cli norm = Cli.run("compare", "--env", ENV, "env", "env", "--norm", "l7");
        assertEquals(Main.EXIT_BAD_INPUT, norm.exit());
        assertTrue(norm.err().contains("unknown norm 'l7'"), norm.err());
        Cli val = Cli.run("compare", "--env", ENV, "env", "env", "--canonicalization", "val");
        assertEquals(Main.EXIT_BAD_INPUT, val.exit());
        assertTrue(val.err().contains("needs a discount below 1"), val.err());
        for (Cli c : new Cli[]{missing, shape, norm, val}) assertFalse(c.err().contains("\tat "), "no stack trace: " + c.err());
    }
}
