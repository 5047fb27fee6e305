package io.revealed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HackingCommandTest {
    @Test
    void theCoveredSensorExample_isHackedWithoutThePenaltyAndNotWithIt() throws Exception {
        Cli r = Cli.run("hacking", "--example", "covered-sensor", "--lambdas", "0,0.1", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("correlation").asDouble() > 0.5, j.toString());
        double reference = j.get("reference_true_return").asDouble();
        // Rests 0.5, cleans 0.49, covers 0.01 in every state, starting at rest: the normalised true
        // return is (1 - 0.9) [0 + 0.9 (0.49 - 0.02) / (1 - 0.9)] = 0.9 * 0.47 = 0.423.
        assertEquals(0.423, reference, 1e-9);
        JsonNode free = j.get("optima").get(0), penalised = j.get("optima").get(1);
        assertEquals(-1.8, free.get("true_return").asDouble(), 1e-6); // covers the sensor from step 1 on: 0.9 * (-2)
        assertTrue(free.get("hacked").asBoolean());
        assertFalse(penalised.get("hacked").asBoolean());
        assertTrue(penalised.get("true_return").asDouble() > reference);
    }

    @Test
    void missingOrContradictoryOptionsAreRefused() {
        Cli none = Cli.run("hacking");
        assertEquals(Main.EXIT_BAD_INPUT, none.exit());
        assertTrue(none.err().contains("--example covered-sensor"), none.err());
        Cli finite = Cli.run("hacking", "--env", "gridworld:size=4", "--proxy", "env");
        assertEquals(Main.EXIT_BAD_INPUT, finite.exit());
        assertTrue(finite.err().contains("--horizon none"), finite.err());
        Cli lambdas = Cli.run("hacking", "--example", "covered-sensor", "--lambdas", "-1");
        assertEquals(Main.EXIT_BAD_INPUT, lambdas.exit());
        assertTrue(lambdas.err().contains("--lambdas: '-1' is not a number >= 0"), lambdas.err());
    }
}
