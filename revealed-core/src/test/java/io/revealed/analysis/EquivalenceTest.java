package io.revealed.analysis;

import io.revealed.behavior.BehaviorModel;
import io.revealed.behavior.Boltzmann;
import io.revealed.behavior.MaxCausalEntropy;
import io.revealed.behavior.Optimal;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.revealed.analysis.RewardDistanceTest.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EquivalenceTest {
    static final List<BehaviorModel> MODELS = List.of(new Optimal(), new Boltzmann(2), new MaxCausalEntropy(1));

    @Test
    void shapingAndRedistribution_giveTheSamePolicyUnderEveryModel() {
        TabularMdp m = mdp(5, 0.9);
        TabularReward r = randomTransitionReward(8);
        Equivalence.Result e = Equivalence.check(m, r, redistributed(m, shaped(r, 0.9, 2), 3), MODELS);
        assertTrue(e.equivalent());
        assertTrue(e.equalUpToShaping());
        assertEquals(1, e.scale(), 1e-9);
        for (Equivalence.ModelCheck c : e.models()) assertTrue(c.samePolicy(), c.toString());
    }

    @Test
    void positiveScaling_keepsTheOptimalPolicyButNotTheBoltzmannOne() {
        TabularMdp m = mdp(6, 0.9);
        TabularReward r = randomTransitionReward(9);
        Equivalence.Result e = Equivalence.check(m, r, scaled(shaped(r, 0.9, 4), 3), MODELS);
        assertTrue(e.equivalent());
        assertFalse(e.equalUpToShaping());
        assertEquals(3, e.scale(), 1e-9);
        assertTrue(e.models().get(0).samePolicy(), "optimal");
        assertFalse(e.models().get(1).samePolicy(), "boltzmann");
        assertFalse(e.models().get(2).samePolicy(), "mce");
    }

    @Test
    void differentRewards_areNotEquivalent() {
        TabularMdp m = mdp(7, 0.9);
        Equivalence.Result e = Equivalence.check(m, randomTransitionReward(1), randomTransitionReward(2), MODELS);
        assertFalse(e.equivalent());
        assertFalse(e.equalUpToShaping());
        assertTrue(Double.isNaN(e.scale()));
        assertTrue(e.starcDistance() > 0.05);
        assertFalse(e.models().get(1).samePolicy());
    }

    @Test
    void aRewardIsNotEquivalentToZeroUnlessItIsShapingOfZero() {
        TabularMdp m = mdp(8, 0.9);
        TabularReward zero = scaled(randomTransitionReward(1), 0);
        assertFalse(Equivalence.check(m, randomTransitionReward(3), zero, List.of()).equivalent());
        Equivalence.Result e = Equivalence.check(m, shaped(zero, 0.9, 1), zero, List.of(new Boltzmann(1)));
        assertTrue(e.equivalent() && e.equalUpToShaping());
        assertTrue(e.models().get(0).samePolicy());
    }
}
