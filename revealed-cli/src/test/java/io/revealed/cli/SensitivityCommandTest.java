package io.revealed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SensitivityCommandTest {
    static final String ENV = "gridworld:size=4,slip=0.2,reward=random,seed=3";

    @TempDir
    Path dir;

    @Test
    void sweepsEveryPerturbation_writesTheCurves_andAgreesWithThePaper() throws Exception {
        Path out = dir.resolve("sens");
        Cli r = Cli.run("sensitivity", "--env", ENV, "--horizon", "none", "--discount", "0.9", "--sizes", "0,0.05,0.1",
                "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(15, j.get("points").size());
        double lastDiscount = -1;
        for (JsonNode p : j.get("points")) {
            String kind = p.get("perturbation").asText();
            if (kind.equals("temperature")) assertEquals(0, p.get("distance").asDouble(), 1e-7);
            if (kind.equals("discount")) {
                assertTrue(p.get("distance").asDouble() > lastDiscount);
                lastDiscount = p.get("distance").asDouble();
            }
            if (p.get("size").asDouble() == 0) assertEquals(0, p.get("distance").asDouble(), 1e-7, p.toString());
        }
        List<String> csv = Files.readAllLines(out.resolve("sensitivity.csv"));
        assertEquals("perturbation,size,distance,regret,regret_normalized,setting", csv.get(0));
        assertEquals(16, csv.size());
        assertTrue(Files.isRegularFile(out.resolve("config.json")));
        assertTrue(Files.isRegularFile(out.resolve("metrics.json")));
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("<figure id=\"fig-sensitivity-distance\""), "distance against size, per perturbation");
        assertTrue(report.contains(">discount<") && report.contains(">dynamics<"), "the perturbations are in the legend");
    }

    @Test
    void aFiniteHorizonOrAMistypedOptionIsRefusedWithAMessage() {
        Cli finite = Cli.run("sensitivity", "--env", ENV);
        assertEquals(Main.EXIT_BAD_INPUT, finite.exit());
        assertTrue(finite.err().contains("--horizon none"), finite.err());
        Cli sizes = Cli.run("sensitivity", "--env", ENV, "--horizon", "none", "--discount", "0.9", "--sizes", "0,x");
        assertEquals(Main.EXIT_BAD_INPUT, sizes.exit());
        assertTrue(sizes.err().contains("'x' is not a number"), sizes.err());
        Cli kind = Cli.run("sensitivity", "--env", ENV, "--horizon", "none", "--discount", "0.9", "--perturb", "gravity");
        assertEquals(Main.EXIT_BAD_INPUT, kind.exit());
        assertTrue(kind.err().contains("unknown perturbation 'gravity'"), kind.err());
        Cli mix = Cli.run("sensitivity", "--env", ENV, "--horizon", "none", "--discount", "0.9", "--perturb", "policy", "--sizes", "2");
        assertEquals(Main.EXIT_BAD_INPUT, mix.exit());
        assertTrue(mix.err().contains("mixing weights in [0, 1]"), mix.err());
        for (Cli c : new Cli[]{finite, sizes, kind, mix}) assertFalse(c.err().contains("\tat "), c.err());
        assertFalse(Files.exists(dir.resolve("sens")));
    }
}
