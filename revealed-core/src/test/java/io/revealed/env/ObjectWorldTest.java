package io.revealed.env;

import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectWorldTest {
    private static final double R5 = Math.sqrt(5), R10 = Math.sqrt(10), R32 = Math.sqrt(32);

    /**
     * A 5x5 map with two objects (s = y*5 + x):
     * A at (0,0), inner colour 1, outer colour 0; B at (3,1), inner colour 0, outer colour 1.
     * So inner0 and outer1 are distances to B, inner1 and outer0 distances to A.
     */
    private static ObjectWorld handMap(ObjectWorld.FeatureSet features) {
        ObjectWorld.Options o = new ObjectWorld.Options(5, 2, 2, 0.3, 0.9, null, 0, features);
        return new ObjectWorld(o, List.of(new ObjectWorld.Placement(0, 0, 1, 0), new ObjectWorld.Placement(3, 1, 0, 1)));
    }

    private static double[] featureRow(Features f, int s) {
        double[] row = new double[f.dimension()];
        for (int k = 0; k < row.length; k++) row[k] = f.get(s, k);
        return row;
    }

    @Test
    void continuousFeatures_ofHandPlacedMap_matchHandDistances() {
        Features f = handMap(ObjectWorld.FeatureSet.CONTINUOUS).mdp().features();
        assertEquals(List.of("inner0", "inner1", "outer0", "outer1"), f.names());
        // (1,2) = s11: to A dx=1, dy=2 -> sqrt5; to B dx=2, dy=1 -> sqrt5.
        assertArrayEquals(new double[]{R5, R5, R5, R5}, featureRow(f, 11), 1e-12);
        // (2,1) = s7: to B (1 away) -> 1; to A dx=2, dy=1 -> sqrt5. Order inner0(B), inner1(A), outer0(A), outer1(B).
        assertArrayEquals(new double[]{1, R5, R5, 1}, featureRow(f, 7), 1e-12);
        // (0,0) = s0: on A -> 0; to B dx=3, dy=1 -> sqrt10.
        assertArrayEquals(new double[]{R10, 0, 0, R10}, featureRow(f, 0), 1e-12);
        // (4,4) = s24: to A sqrt(16+16); to B dx=1, dy=3 -> sqrt10.
        assertArrayEquals(new double[]{R10, R32, R32, R10}, featureRow(f, 24), 1e-12);
    }

    @Test
    void reward_ofHandPlacedMap_followsTheRules() {
        ObjectWorld w = handMap(ObjectWorld.FeatureSet.CONTINUOUS);
        double[] r = w.mdp().reward().values();
        // s11: outer0 sqrt5 <= 3, outer1 sqrt5 > 2 -> -1.
        assertEquals(-1, r[11]);
        // s7: outer0 sqrt5 <= 3, outer1 1 <= 2 -> +1.
        assertEquals(1, r[7]);
        // s0: outer0 0, outer1 sqrt10 > 2 -> -1.
        assertEquals(-1, r[0]);
        // s24: outer0 sqrt32 > 3 -> 0.
        assertEquals(0, r[24]);
        // Boundaries ("within" is <=): (3,0)=s3: outer0 exactly 3, outer1 1 -> +1.
        assertEquals(1, r[3]);
        // (1,1)=s6: outer0 sqrt2, outer1 exactly 2 -> +1.
        assertEquals(1, r[6]);
        // (0,3)=s15: outer0 exactly 3, outer1 sqrt(9+4) -> -1.
        assertEquals(-1, r[15]);
        // (3,3)=s18: outer1 exactly 2 but outer0 sqrt18 > 3 -> 0; (4,0)=s4: outer0 4 -> 0 although outer1 sqrt2.
        assertEquals(0, r[18]);
        assertEquals(0, r[4]);
        assertEquals(1.0, w.outerDistance(7, 1));
        assertEquals(R5, w.innerDistance(7, 1), 1e-12);
    }

    @Test
    void binaryFeatures_ofHandPlacedMap_areStrictThresholds() {
        Features f = handMap(ObjectWorld.FeatureSet.BINARY).mdp().features();
        assertEquals(2 * 2 * 5, f.dimension());
        assertEquals("inner0<1", f.names().get(0));
        assertEquals("outer1<5", f.names().get(19));
        // s0: inner0 = sqrt10 (~3.16): [D < d] for d = 1..5 -> 0 0 0 1 1; inner1 = outer0 = 0 -> all 1; outer1 = sqrt10.
        assertArrayEquals(new double[]{0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1}, featureRow(f, 0), 0);
        // s3 = (3,0): inner0 = outer1 = 1 (B) -> 0 1 1 1 1; inner1 = outer0 = 3 exactly (A) -> 0 0 0 1 1 (3 < 3 is false).
        assertArrayEquals(new double[]{0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1}, featureRow(f, 3), 0);
    }

    @Test
    void missingColour_isAtTheDiagonalAndNeverWithin() {
        // Colours 2, a single object at (0,0) with inner 0 and outer 0: inner1 and outer1 are missing.
        ObjectWorld.Options o = new ObjectWorld.Options(5, 2, 1, 0.3, 0.9, null, 0, ObjectWorld.FeatureSet.CONTINUOUS);
        ObjectWorld w = new ObjectWorld(o, List.of(new ObjectWorld.Placement(0, 0, 0, 0)));
        Features f = w.mdp().features();
        double diag = 5 * Math.sqrt(2);
        // (2,2) = s12: inner0 = outer0 = sqrt8.
        assertArrayEquals(new double[]{Math.sqrt(8), diag, Math.sqrt(8), diag}, featureRow(f, 12), 1e-12);
        double[] r = w.mdp().reward().values();
        assertEquals(-1, r[12]); // within 3 of outer 0, and outer 1 does not exist
        assertEquals(-1, r[3]);  // (3,0): exactly 3
        assertEquals(0, r[8]);   // (3,1): sqrt10 > 3
        ObjectWorld.Options ob = new ObjectWorld.Options(5, 2, 1, 0.3, 0.9, null, 0, ObjectWorld.FeatureSet.BINARY);
        Features fb = new ObjectWorld(ob, List.of(new ObjectWorld.Placement(0, 0, 0, 0))).mdp().features();
        for (int d = 0; d < 5; d++) {
            assertEquals(0, fb.get(12, 5 + d), "inner1 < " + (d + 1));
            assertEquals(0, fb.get(12, 15 + d), "outer1 < " + (d + 1));
        }
    }

    @Test
    void singleColour_paysOneWithinThreeOfColourZero() {
        ObjectWorld.Options o = new ObjectWorld.Options(5, 1, 1, 0.3, 0.9, null, 0, ObjectWorld.FeatureSet.CONTINUOUS);
        ObjectWorld w = new ObjectWorld(o, List.of(new ObjectWorld.Placement(1, 1, 0, 0)));
        double[] r = w.mdp().reward().values();
        assertEquals(1, r[6]);   // on the object
        assertEquals(1, r[9]);   // (4,1): exactly 3
        assertEquals(0, r[14]);  // (4,2): sqrt10
        assertEquals(0, r[24]);  // (4,4): sqrt18
        for (double v : r) assertTrue(v == 0 || v == 1);
    }

    @Test
    void handPlacement_isValidated() {
        ObjectWorld.Options o = new ObjectWorld.Options(5, 2, 2, 0.3, 0.9, null, 0, ObjectWorld.FeatureSet.CONTINUOUS);
        assertThrows(IllegalArgumentException.class, () -> new ObjectWorld(o,
                List.of(new ObjectWorld.Placement(1, 1, 0, 0), new ObjectWorld.Placement(1, 1, 1, 1))));
        assertThrows(IllegalArgumentException.class, () -> new ObjectWorld(o,
                List.of(new ObjectWorld.Placement(1, 1, 0, 0), new ObjectWorld.Placement(5, 1, 1, 1))));
        assertThrows(IllegalArgumentException.class, () -> new ObjectWorld(o,
                List.of(new ObjectWorld.Placement(1, 1, 0, 2), new ObjectWorld.Placement(2, 1, 1, 1))));
        assertThrows(IllegalArgumentException.class, () -> new ObjectWorld(o, List.of(new ObjectWorld.Placement(1, 1, 0, 0))));
    }

    @Test
    void defaultMap_hasThePapersSetting() {
        ObjectWorld w = new ObjectWorld(new ObjectWorld.Options());
        TabularMdp m = w.mdp();
        assertEquals(32 * 32, m.states());
        assertEquals(5, m.actions());
        assertEquals(0.9, m.discount());
        assertTrue(m.horizon().isEmpty());
        assertEquals(51, w.objects().size()); // round(0.05 * 1024) = round(51.2)
        assertEquals(4, m.features().dimension());
        Set<Integer> cells = new HashSet<>();
        for (ObjectWorld.Placement p : w.objects()) {
            assertTrue(cells.add(p.y() * 32 + p.x()), "two objects on one cell");
            assertTrue(p.inner() >= 0 && p.inner() < 2 && p.outer() >= 0 && p.outer() < 2);
        }
        // Wind 0.3: a middle cell's intended move has probability 0.7, each other move 0.075.
        int s = 5 * 32 + 5;
        assertEquals(0.7, m.probability(s, 0, s + 1), 1e-15);
        assertEquals(0.075, m.probability(s, 0, s), 1e-15);
        assertArrayEquals(m.features().values(), new ObjectWorld(new ObjectWorld.Options()).mdp().features().values(), 0);
    }

    @Test
    void randomMap_featuresAndRewardAgreeWithBruteForceOverItsObjects() {
        ObjectWorld w = ObjectWorld.fromSpec(EnvSpec.parse("objectworld:size=12,colors=3,objects=10,seed=7"));
        Features f = w.mdp().features();
        double[] r = w.mdp().reward().values();
        int C = 3, n = 12;
        for (int s = 0; s < n * n; s++) {
            double[] expected = new double[2 * C];
            Arrays.fill(expected, n * Math.sqrt(2));
            for (ObjectWorld.Placement p : w.objects()) {
                double d = Math.hypot(p.x() - s % n, p.y() - s / n);
                expected[p.inner()] = Math.min(expected[p.inner()], d);
                expected[C + p.outer()] = Math.min(expected[C + p.outer()], d);
            }
            assertArrayEquals(expected, featureRow(f, s), 1e-12, "state " + s);
            boolean near0 = expected[C] <= 3 + 1e-9, near1 = expected[C + 1] <= 2 + 1e-9;
            assertEquals(near0 ? (near1 ? 1 : -1) : 0, r[s], "state " + s);
        }
    }

    @Test
    void sameSeed_sameMap_otherSeed_otherMap() {
        ObjectWorld a = ObjectWorld.fromSpec(EnvSpec.parse("objectworld:size=16,seed=3"));
        ObjectWorld b = ObjectWorld.fromSpec(EnvSpec.parse("objectworld:size=16,seed=3"));
        ObjectWorld c = a.withSeed(4);
        assertEquals(a.objects(), b.objects());
        assertArrayEquals(a.mdp().reward().values(), b.mdp().reward().values(), 0);
        assertArrayEquals(a.mdp().features().values(), b.mdp().features().values(), 0);
        assertNotEquals(a.objects(), c.objects());
        assertEquals(4, c.options().seed());
        assertEquals(a.options().withSeed(4), c.options());
        assertEquals(c.objects(), ObjectWorld.fromSpec(EnvSpec.parse("objectworld:size=16,seed=4")).objects());
    }

    @Test
    void spec_windIsAnAliasOfSlip_andUnknownKeysAreNamed() {
        assertEquals(0.1, ObjectWorld.Options.fromSpec(EnvSpec.parse("objectworld:wind=0.1")).slip());
        assertEquals(0.1, ObjectWorld.Options.fromSpec(EnvSpec.parse("objectworld:slip=0.1")).slip());
        assertThrows(IllegalArgumentException.class, () -> ObjectWorld.Options.fromSpec(EnvSpec.parse("objectworld:wind=0.1,slip=0.2")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ObjectWorld.Options.fromSpec(EnvSpec.parse("objectworld:colours=3")));
        assertTrue(e.getMessage().contains("'colours'") && e.getMessage().contains("colors"), e.getMessage());
        ObjectWorld.Options o = ObjectWorld.Options.fromSpec(EnvSpec.parse("objectworld:size=10"));
        assertEquals(5, o.objects()); // round(0.05 * 100)
        assertNull(o.horizon());
        assertEquals(new ObjectWorld.Options(), ObjectWorld.Options.fromSpec(EnvSpec.parse("objectworld")));
    }
}
