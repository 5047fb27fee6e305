package io.revealed.irl;

import io.revealed.analysis.ValueDifference;
import io.revealed.behavior.Boltzmann;
import io.revealed.behavior.Rollouts;
import io.revealed.data.Trajectory;
import io.revealed.env.Gridworld;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery: MCE IRL on an 8x8 gridworld with 100 Boltzmann-rational demonstrations finds a reward
 * whose optimal policy loses less than 5% of the optimal value under the true reward, and does much
 * better than the random policy.
 */
class GridworldRecoveryTest {

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2})
    void mceIrl_recoversAGoalRewardFromBoltzmannDemonstrations(long seed) {
        TabularMdp mdp = new Gridworld(new Gridworld.Options(8, 0.1)).mdp();
        double[] trueRsa = mdp.reward().expected(mdp, null);
        Policy expert = new Boltzmann(5).solve(mdp, trueRsa, new PlanningOptions()).policy();
        List<Trajectory> demos = Rollouts.sample(mdp, expert, 100, mdp.horizon().getAsInt(), seed, null);
        IrlResult res = new MceIrl().fit(mdp, demos, IrlListener.NONE);
        ValueDifference.Evd evd = ValueDifference.evd(mdp, trueRsa, res.reward().expected(mdp, null), new PlanningOptions());
        assertTrue(evd.optimalValue() > 0);
        assertTrue(evd.evd() >= -1e-9, "EVD is never negative: " + evd.evd());
        assertTrue(evd.evd() < 0.05 * evd.optimalValue(), "EVD " + evd.evd() + " vs optimal value " + evd.optimalValue());
        assertTrue(evd.evd() < 0.1 * (evd.optimalValue() - evd.randomValue()), "far better than random: " + evd);
    }

    @ParameterizedTest
    @ValueSource(longs = {0})
    void mceIrl_recoversARandomRewardLayout(long seed) {
        TabularMdp mdp = new Gridworld(new Gridworld.Options(8, 0.1, Gridworld.Layout.RANDOM, 3, 24, 1.0,
                Gridworld.Start.UNIFORM, Gridworld.FeatureSet.ONEHOT)).mdp();
        double[] trueRsa = mdp.reward().expected(mdp, null);
        Policy expert = new Boltzmann(5).solve(mdp, trueRsa, new PlanningOptions()).policy();
        List<Trajectory> demos = Rollouts.sample(mdp, expert, 100, 24, seed, null);
        IrlResult res = new MceIrl().fit(mdp, demos, IrlListener.NONE);
        ValueDifference.Evd evd = ValueDifference.evd(mdp, trueRsa, res.reward().expected(mdp, null), new PlanningOptions());
        assertTrue(evd.evd() < 0.05 * evd.optimalValue(), "EVD " + evd.evd() + " vs optimal value " + evd.optimalValue());
    }
}
