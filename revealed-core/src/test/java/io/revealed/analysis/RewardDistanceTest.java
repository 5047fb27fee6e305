package io.revealed.analysis;

import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.testing.TestMdps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** STARC and EPIC: the invariances and values the papers state, and the canonical forms against explicit linear algebra. */
class RewardDistanceTest {

    static final int S = 5, A = 3;

    static Stream<Starc.Options> starcVariants() {
        List<Starc.Options> v = new ArrayList<>();
        for (Canonicalization c : List.of(new Canonicalization.MinimalL2(), new Canonicalization.ValueAdjustedLevelling()))
            for (Norm n : Norm.values()) v.add(new Starc.Options(c, n, n));
        return v.stream();
    }

    static TabularMdp mdp(long seed, double g) { return TestMdps.random(S, A, 3, g, null, seed); }

    static TabularReward randomTransitionReward(long seed) {
        return TabularReward.ofTransition(S, A, TestMdps.randomVector(S * A * S, seed));
    }

    /** R + g Phi(s') - Phi(s) for a random Phi. */
    static TabularReward shaped(TabularReward r, double g, long seed) {
        double[] phi = TestMdps.randomVector(S, seed + 77);
        double[] v = r.transitionValues(A);
        for (int s = 0; s < S; s++)
            for (int a = 0; a < A; a++)
                for (int s2 = 0; s2 < S; s2++) v[(s * A + a) * S + s2] += 5 * (g * phi[s2] - phi[s]);
        return TabularReward.ofTransition(S, A, v);
    }

    /** Moves reward between next states of each (s,a) keeping E_{s'}[R]: adds z with sum_s' tau z = 0. */
    static TabularReward redistributed(TabularMdp mdp, TabularReward r, long seed) {
        double[] v = r.transitionValues(A);
        SplittableRandom rng = TestMdps.rng(seed + 99);
        double[][] p = TestMdps.dense(mdp);
        for (int row = 0; row < S * A; row++) {
            double[] z = new double[S];
            for (int s2 = 0; s2 < S; s2++) z[s2] = rng.nextDouble(-3, 3);
            double tz = 0, tt = 0;
            for (int s2 = 0; s2 < S; s2++) { tz += p[row][s2] * z[s2]; tt += p[row][s2] * p[row][s2]; }
            for (int s2 = 0; s2 < S; s2++) v[row * S + s2] += z[s2] - tz / tt * p[row][s2];
        }
        return TabularReward.ofTransition(S, A, v);
    }

    static TabularReward scaled(TabularReward r, double k) {
        double[] v = r.transitionValues(A);
        for (int i = 0; i < v.length; i++) v[i] *= k;
        return TabularReward.ofTransition(S, A, v);
    }

    @ParameterizedTest
    @MethodSource("starcVariants")
    void starc_isZeroAcrossShapingRedistributionAndPositiveScaling(Starc.Options o) {
        for (long seed = 0; seed < 4; seed++) {
            TabularMdp m = mdp(seed, 0.9);
            TabularReward r = randomTransitionReward(seed);
            TabularReward same = scaled(redistributed(m, shaped(r, 0.9, seed), seed), 3.7);
            Starc.Result d = new Starc(o).distance(m, r, same, 0.9);
            assertEquals(0, d.distance(), 1e-9, o.spec());
            assertEquals(1, new Starc(o).distance(m, r, scaled(r, -2), 0.9).distance(), 1e-9, "R vs -R, " + o.spec());
            assertEquals(0.5, new Starc(o).distance(m, r, scaled(r, 0), 0.9).distance(), 1e-12, "R vs 0, " + o.spec());
            // A reward that is pure shaping is equivalent to 0: half-way.
            assertEquals(0.5, new Starc(o).distance(m, r, shaped(scaled(r, 0), 0.9, seed + 5), 0.9).distance(), 1e-9, "R vs shaping of 0");
        }
    }

    @ParameterizedTest
    @MethodSource("starcVariants")
    void starc_isSymmetricAndSatisfiesTheTriangleInequality(Starc.Options o) {
        Starc starc = new Starc(o);
        for (long seed = 0; seed < 10; seed++) {
            TabularMdp m = mdp(seed, 0.8);
            TabularReward a = randomTransitionReward(3 * seed), b = randomTransitionReward(3 * seed + 1), c = randomTransitionReward(3 * seed + 2);
            double ab = starc.distance(m, a, b, 0.8).distance(), ba = starc.distance(m, b, a, 0.8).distance();
            double bc = starc.distance(m, b, c, 0.8).distance(), ac = starc.distance(m, a, c, 0.8).distance();
            assertEquals(ab, ba, 1e-12);
            assertTrue(ac <= ab + bc + 1e-12, ac + " > " + ab + " + " + bc);
            assertTrue(ab > 0.01 && ab <= 1, "random rewards are not equivalent: " + ab);
        }
    }

    @Test
    void starc_defaultIsHalfTheL2DistanceOfUnitCanonicalForms_andMatchesTheCosineFormula() {
        TabularMdp m = mdp(3, 0.9);
        TabularReward r1 = randomTransitionReward(10), r2 = randomTransitionReward(11);
        CanonicalReward c1 = new Canonicalization.MinimalL2().apply(m, r1, 0.9), c2 = new Canonicalization.MinimalL2().apply(m, r2, 0.9);
        double dot = 0, n1 = 0, n2 = 0;
        for (int i = 0; i < c1.values().length; i++) {
            dot += c1.values()[i] * c2.values()[i];
            n1 += c1.values()[i] * c1.values()[i];
            n2 += c2.values()[i] * c2.values()[i];
        }
        double cos = dot / Math.sqrt(n1 * n2);
        assertEquals(Math.sqrt((1 - cos) / 2), new Starc().distance(m, r1, r2, 0.9).distance(), 1e-12);
    }

    /**
     * The minimal canonicalisation is the orthogonal projection of R (as a vector over all (s,a,s'))
     * onto the complement of the span of the shaping vectors {@code g [s'=j] - [s=j]} and the
     * redistribution vectors (per row, everything orthogonal to tau(s,a,.)). Here that projection is
     * computed directly, by Gram-Schmidt over an explicit spanning set, for g = 0.9 and g = 1.
     */
    @Test
    void minimalCanonicalisation_equalsTheExplicitOrthogonalProjection() {
        for (double g : new double[]{0.9, 1.0, 0.0}) {
            TabularMdp m = mdp(7, 0.5); // the MDP's own discount plays no part: g is given
            TabularReward r = randomTransitionReward(21);
            double[][] p = TestMdps.dense(m);
            int n = S * A * S;
            List<double[]> span = new ArrayList<>();
            for (int j = 0; j < S; j++) {
                double[] k = new double[n];
                for (int s = 0; s < S; s++)
                    for (int a = 0; a < A; a++) {
                        k[(s * A + a) * S + j] += g;
                        if (s == j) for (int s2 = 0; s2 < S; s2++) k[(s * A + a) * S + s2] -= 1;
                    }
                span.add(k);
            }
            for (int row = 0; row < S * A; row++) {
                double tt = 0;
                for (int s2 = 0; s2 < S; s2++) tt += p[row][s2] * p[row][s2];
                for (int i = 0; i < S; i++) {
                    double[] z = new double[n];
                    for (int s2 = 0; s2 < S; s2++) z[row * S + s2] = (s2 == i ? 1 : 0) - p[row][i] * p[row][s2] / tt;
                    span.add(z);
                }
            }
            List<double[]> basis = new ArrayList<>();
            for (double[] v : span) {
                double[] u = v.clone();
                for (int pass = 0; pass < 2; pass++)
                    for (double[] b : basis) {
                        double d = 0;
                        for (int i = 0; i < n; i++) d += u[i] * b[i];
                        for (int i = 0; i < n; i++) u[i] -= d * b[i];
                    }
                double norm = 0;
                for (double x : u) norm += x * x;
                norm = Math.sqrt(norm);
                if (norm < 1e-9) continue;
                for (int i = 0; i < n; i++) u[i] /= norm;
                basis.add(u);
            }
            double[] proj = r.transitionValues(A);
            for (double[] b : basis) {
                double d = 0;
                for (int i = 0; i < n; i++) d += proj[i] * b[i];
                for (int i = 0; i < n; i++) proj[i] -= d * b[i];
            }
            CanonicalReward c = new Canonicalization.MinimalL2().apply(m, r, g);
            double[] full = new double[n];
            int[] rs = m.rowStart(), nx = m.successors();
            for (int row = 0; row < S * A; row++)
                for (int k = rs[row]; k < rs[row + 1]; k++) full[row * S + nx[k]] = c.values()[k];
            for (int i = 0; i < n; i++) assertEquals(proj[i], full[i], 1e-9, "g = " + g + ", entry " + i);
        }
    }

    /** VAL is the advantage of the uniform policy, here from a dense linear solve. */
    @Test
    void valueAdjustedLevelling_isTheUniformPolicysAdvantage() {
        TabularMdp m = mdp(4, 0.7);
        TabularReward r = randomTransitionReward(5);
        double[] rbar = r.expected(m, null);
        double[][] pi = new double[S][A];
        for (double[] row : pi) java.util.Arrays.fill(row, 1.0 / A);
        double[] v = TestMdps.exactPolicyValue(m, rbar, pi);
        double[][] p = TestMdps.dense(m);
        CanonicalReward c = new Canonicalization.ValueAdjustedLevelling().apply(m, r, 0.7);
        for (int s = 0; s < S; s++)
            for (int a = 0; a < A; a++) {
                double q = rbar[s * A + a];
                for (int s2 = 0; s2 < S; s2++) q += 0.7 * p[s * A + a][s2] * v[s2];
                assertEquals(q - v[s], c.values()[s * A + a], 1e-9);
            }
    }

    @Test
    void epic_matchesAHandComputedCorrelation() {
        // Two states, one action, g = 0, uniform coverage over the four (s, s') pairs.
        // R1(0,.) = [1, 0], R1(1,.) = [0, 0]: m1 = [1/2, 0], C1 = [1/2, -1/2, 0, 0].
        // R2(0,.) = [1, 0], R2(1,.) = [0, 1]: m2 = [1/2, 1/2], C2 = [1/2, -1/2, -1/2, 1/2].
        // Both have mean 0; cov = (1/4 + 1/4)/4 = 1/8, var1 = 1/8, var2 = 1/4, rho = 1/sqrt 2,
        // d = sqrt((1 - 1/sqrt 2)/2) = sin(pi/8).
        TabularMdp m = TabularMdp.builder(2, 1).transition(0, 0, 1, 1).transition(1, 0, 0, 1).initialState(0).discount(0).build();
        TabularReward r1 = TabularReward.ofTransition(2, 1, new double[]{1, 0, 0, 0});
        TabularReward r2 = TabularReward.ofTransition(2, 1, new double[]{1, 0, 0, 1});
        Epic.Result e = new Epic().distance(m, r1, r2, 0);
        assertEquals(1 / Math.sqrt(2), e.correlation(), 1e-12);
        assertEquals(Math.sin(Math.PI / 8), e.distance(), 1e-12);
    }

    @Test
    void epic_isInvariantToShapingAndScalingButNotToRedistribution() {
        for (Epic.Coverage cov : Epic.Coverage.values()) {
            Epic epic = new Epic(new Epic.Options(cov));
            for (long seed = 0; seed < 4; seed++) {
                TabularMdp m = mdp(seed, 0.9);
                TabularReward r = randomTransitionReward(seed);
                assertEquals(0, epic.distance(m, r, scaled(shaped(r, 0.9, seed), 2.5), 0.9).distance(), 1e-7, cov.spec());
                assertEquals(1, epic.distance(m, r, scaled(r, -0.3), 0.9).distance(), 1e-7, cov.spec());
                if (cov == Epic.Coverage.UNIFORM)
                    assertTrue(epic.distance(m, r, redistributed(m, r, seed), 0.9).distance() > 0.05, "EPIC sees redistribution");
            }
        }
    }

    @Test
    void epic_saysWhenTheCorrelationIsUndefined() {
        TabularMdp m = mdp(1, 0.9);
        TabularReward r = randomTransitionReward(1);
        Epic.Result e = new Epic().distance(m, r, shaped(scaled(r, 0), 0.9, 3), 0.9);
        assertFalse(e.defined());
        assertTrue(Double.isNaN(e.distance()));
    }

    @Test
    void stateAndStateActionRewardsAgreeWithTheirTransitionViews() {
        TabularMdp m = mdp(2, 0.9);
        TabularReward state = TabularReward.ofState(TestMdps.randomVector(S, 3), A);
        TabularReward other = randomTransitionReward(4);
        assertEquals(new Starc().distance(m, state.asTransition(A), other, 0.9).distance(), new Starc().distance(m, state, other, 0.9).distance(), 1e-12);
        assertEquals(new Epic().distance(m, state.asTransition(A), other, 0.9).distance(), new Epic().distance(m, state, other, 0.9).distance(), 1e-12);
    }
}
