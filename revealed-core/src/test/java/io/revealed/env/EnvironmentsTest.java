package io.revealed.env;

import io.revealed.mdp.TabularMdp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvironmentsTest {

    @Test
    void list_namesEveryEnvironmentWithItsParameters() {
        List<String> names = new ArrayList<>();
        for (Environments.Info i : Environments.list()) {
            names.add(i.name());
            assertFalse(i.summary().isBlank());
        }
        assertEquals(List.of("gridworld", "objectworld", "garnet", "file"), names);
        Environments.Info grid = Environments.list().get(0);
        assertEquals(List.of("size", "slip", "reward", "seed", "horizon", "discount", "start", "features"), grid.keys());
        assertEquals("8", grid.parameters().get(0).defaultValue());
        assertTrue(Environments.list().get(2).keys().containsAll(List.of("states", "actions", "branching", "features", "seed", "horizon", "discount")));
    }

    @Test
    void create_gridShapedAndPlainEnvironments() {
        TabularEnvironment g = Environments.create("gridworld:size=4, slip=0.2");
        assertEquals("gridworld", g.name());
        assertEquals("gridworld:size=4,slip=0.2", g.spec());
        assertEquals(16, g.mdp().states());
        assertEquals(4, g.gridSize());
        assertTrue(g.gridShaped());
        assertEquals("up", g.actionName(Gridworld.UP));

        TabularEnvironment o = Environments.create("objectworld:size=10");
        assertEquals(10, o.gridSize());
        assertEquals(100, o.mdp().states());

        TabularEnvironment n = Environments.create("garnet:states=30,branching=3");
        assertFalse(n.gridShaped());
        assertEquals(0, n.gridSize());
        assertEquals("a2", n.actionName(2));
        assertEquals(30 * 4 * 3, n.mdp().transitions());
    }

    @Test
    void create_unknownNameOrKey_saysWhatIsValid() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Environments.create("gridwrld:size=3"));
        assertTrue(e.getMessage().contains("'gridwrld'") && e.getMessage().contains("gridworld, objectworld, garnet, file"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Environments.create("garnet:states=10,branches=2"));
        assertTrue(e.getMessage().contains("'branches'") && e.getMessage().contains("branching"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Environments.create("gridworld:size=abc"));
        assertTrue(e.getMessage().contains("'size'") && e.getMessage().contains("'abc'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Environments.create("file:"));
    }

    @Test
    void withSeed_makesANewMapFromTheSameSpec() {
        TabularEnvironment a = Environments.create("objectworld:size=12,seed=1");
        TabularEnvironment b = a.withSeed(2);
        assertEquals("objectworld:size=12,seed=2", b.spec());
        assertNotEquals(java.util.Arrays.toString(a.mdp().reward().values()), java.util.Arrays.toString(b.mdp().reward().values()));
        TabularEnvironment c = Environments.create("objectworld:size=12").withSeed(1);
        assertEquals(java.util.Arrays.toString(a.mdp().reward().values()), java.util.Arrays.toString(c.mdp().reward().values()));
        TabularMdp any = a.mdp();
        TabularEnvironment file = new TabularEnvironment("file", "file:x.json", any, 0);
        assertThrows(IllegalArgumentException.class, () -> file.withSeed(3));
    }

    @Test
    void describe_summarisesTheMdp() {
        // 3x3, slip 0.2: corners have 3 distinct successors, edges 4, the centre 5: 5 * (4*3 + 4*4 + 5) = 165.
        String d = Environments.describe("gridworld:size=3,slip=0.2");
        assertTrue(d.startsWith("gridworld:size=3,slip=0.2\n"), d);
        assertTrue(d.contains("states      9\n"), d);
        assertTrue(d.contains("actions     5 (right, down, left, up, stay)"), d);
        assertTrue(d.contains("transitions 165 "), d);
        assertTrue(d.contains("horizon     9\n"), d);
        assertTrue(d.contains("features    9 (cell(0,0), cell(1,0)"), d);
        assertTrue(d.contains("reward      state, min 0, max 1\n"), d);
        assertTrue(d.contains("grid        3 x 3"), d);
        String g = Environments.describe("garnet:states=40,horizon=none");
        assertTrue(g.contains("horizon     infinite"), g);
        assertTrue(g.contains("discount    0.9"), g);
        assertTrue(g.contains("features    16 (f0, f1, f2, f3, f4, f5, ...)"), g);
        assertFalse(g.contains("grid"), g);
    }

    @Test
    void create_fileSpec_readsTheMdpJson(@TempDir Path dir) throws IOException {
        // Two states, one action that swaps them; start in state 0; reward 1 in state 1.
        Path file = dir.resolve("swap,v=1.json");
        Files.writeString(file, """
                {"states": 2, "actions": 1, "discount": 0.5, "horizon": null, "initial": [1, 0],
                 "transitions": [[0, 0, 1, 1.0], [1, 0, 0, 1.0]], "features": null,
                 "reward": {"kind": "state", "values": [0, 1]}}
                """);
        TabularEnvironment env = Environments.create("file:" + file);
        assertEquals("file", env.name());
        assertEquals("file:" + file, env.spec());
        assertEquals(2, env.mdp().states());
        assertEquals(1.0, env.mdp().probability(0, 0, 1));
        assertFalse(env.gridShaped());
        String d = Environments.describe(env);
        assertTrue(d.contains("initial     state 0\n"), d);
        assertTrue(d.contains("features    none\n"), d);
        assertTrue(d.contains("horizon     infinite\n"), d);
        // MdpJson reports a missing file as an UncheckedIOException (bad contents as an InputException).
        assertThrows(java.io.UncheckedIOException.class, () -> Environments.create("file:" + dir.resolve("missing.json")));
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"states\": 0}");
        assertThrows(io.revealed.io.InputException.class, () -> Environments.create("file:" + bad));
    }
}
