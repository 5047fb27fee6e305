package io.revealed.analysis;

import io.revealed.behavior.BehaviorModel;
import io.revealed.behavior.Boltzmann;
import io.revealed.behavior.MaxCausalEntropy;
import io.revealed.behavior.Optimal;
import io.revealed.env.Gridworld;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.revealed.analysis.Sensitivity.Perturbation.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The predictions of "Quantifying the Sensitivity of IRL to Misspecification", on a small slippery gridworld. */
class SensitivityTest {
    static final TabularMdp MDP = new Gridworld(new Gridworld.Options(4, 0.2, Gridworld.Layout.RANDOM, 5, null, 0.9,
            Gridworld.Start.UNIFORM, Gridworld.FeatureSet.ONEHOT)).mdp();
    static final TabularReward R = MDP.reward();
    static final double[] SIZES = {0, 0.02, 0.05, 0.1, 0.2};

    static Sensitivity.Options assuming(BehaviorModel f) { return new Sensitivity.Options().withAssumed(f); }

    @Test
    void aWrongTemperature_givesDistanceZero() {
        for (BehaviorModel f : List.of(new Boltzmann(5), new MaxCausalEntropy(0.5))) {
            for (Sensitivity.Point p : Sensitivity.sweep(MDP, R, TEMPERATURE, new double[]{0, 0.5, 1, 3}, assuming(f))) {
                assertEquals(0, p.distance(), 1e-7, f.spec() + " " + p);
                assertEquals(0, p.regret(), 1e-9, p.toString());
            }
        }
    }

    @Test
    void aWrongDiscountOrWrongDynamics_giveDistancesThatGrowWithTheError() {
        for (BehaviorModel f : List.of(new Boltzmann(5), new MaxCausalEntropy(0.5)))
            for (Sensitivity.Perturbation kind : List.of(DISCOUNT, DYNAMICS)) {
                List<Sensitivity.Point> pts = Sensitivity.sweep(MDP, R, kind, SIZES, assuming(f));
                assertEquals(0, pts.get(0).distance(), 1e-7, "well specified: " + pts.get(0));
                for (int i = 1; i < pts.size(); i++)
                    assertTrue(pts.get(i).distance() > pts.get(i - 1).distance() + 1e-4, f.spec() + " " + kind + ": " + pts);
            }
    }

    @Test
    void smallPolicyPerturbations_giveSmallErrorsForBoltzmann_butTheOptimalityModelJumps() {
        List<Sensitivity.Point> b = Sensitivity.sweep(MDP, R, POLICY, new double[]{0, 0.001, 0.01}, assuming(new Boltzmann(5)));
        assertEquals(0, b.get(0).distance(), 1e-7);
        assertTrue(b.get(1).distance() < 0.05 && b.get(1).distance() < b.get(2).distance(), b.toString());
        // Optimality: with any full-support perturbation every action is optimal, so the inferred
        // reward is equivalent to zero and the distance is exactly 1/2, however small the perturbation.
        for (Sensitivity.Perturbation kind : List.of(POLICY, MODEL)) {
            List<Sensitivity.Point> o = Sensitivity.sweep(MDP, R, kind, new double[]{1e-6, 0.01, 0.1}, assuming(new Optimal()));
            for (Sensitivity.Point p : o) assertEquals(0.5, p.distance(), 1e-12, kind + ": " + p);
        }
    }

    @Test
    void theOptimalityModel_isFarFromTheTruthEvenWithoutMisspecification() {
        for (Sensitivity.Perturbation kind : List.of(DISCOUNT, DYNAMICS))
            for (Sensitivity.Point p : Sensitivity.sweep(MDP, R, kind, SIZES, assuming(new Optimal())))
                assertTrue(p.distance() > 0.1, p.toString());
    }

    @Test
    void mixingInAnotherModel_givesAGrowingError() {
        List<Sensitivity.Point> pts = Sensitivity.sweep(MDP, R, MODEL, SIZES, assuming(new Boltzmann(5)));
        assertEquals(0, pts.get(0).distance(), 1e-7);
        for (int i = 1; i < pts.size(); i++) assertTrue(pts.get(i).distance() > pts.get(i - 1).distance(), pts.toString());
    }

    @Test
    void mixedDynamics_areValidAndInterpolate() {
        TabularMdp noise = Sensitivity.uniformDynamics(MDP);
        TabularMdp m = Sensitivity.mix(MDP, noise, 0.25);
        for (int s = 0; s < MDP.states(); s++)
            for (int a = 0; a < MDP.actions(); a++)
                for (int s2 = 0; s2 < MDP.states(); s2++)
                    assertEquals(0.75 * MDP.probability(s, a, s2) + 0.25 / MDP.states(), m.probability(s, a, s2), 1e-12);
    }

    @Test
    void finiteHorizonsAndTemperaturesOfTheOptimalModelAreRefused() {
        TabularMdp finite = new Gridworld(new Gridworld.Options(4, 0.2)).mdp();
        assertThrows(IllegalArgumentException.class, () -> Sensitivity.sweep(finite, finite.reward(), DISCOUNT, SIZES, new Sensitivity.Options()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sensitivity.sweep(MDP, R, TEMPERATURE, SIZES, assuming(new Optimal())));
        assertTrue(e.getMessage().contains("no temperature"));
    }
}
