package io.revealed.behavior;

import io.revealed.data.Trajectory;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.PlanningOptions;
import io.revealed.planning.Policy;
import io.revealed.testing.TestMdps;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RolloutsTest {
    final TabularMdp mdp = TestMdps.random(6, 3, 2, 1.0, 5, 41);
    final Policy pi = new Boltzmann(1).solve(mdp, TestMdps.randomVector(18, 42), new PlanningOptions()).policy();

    @Test
    void sameSeed_sameEpisodes_otherSeed_otherEpisodes() {
        List<Trajectory> a = Rollouts.sample(mdp, pi, 30, 5, 7, null);
        List<Trajectory> b = Rollouts.sample(mdp, pi, 30, 5, 7, null);
        List<Trajectory> c = Rollouts.sample(mdp, pi, 30, 5, 8, null);
        for (int i = 0; i < 30; i++) {
            assertArrayEquals(a.get(i).states(), b.get(i).states());
            assertArrayEquals(a.get(i).actions(), b.get(i).actions());
        }
        boolean differ = false;
        for (int i = 0; i < 30; i++) differ |= !java.util.Arrays.equals(a.get(i).actions(), c.get(i).actions());
        assertTrue(differ);
    }

    @Test
    void empiricalFrequencies_matchTheModel() {
        // 200,000 episodes: the first action's frequency in each start state is within 5 standard errors.
        List<Trajectory> demos = Rollouts.sample(mdp, pi, 200_000, 1, 3, null);
        double[][] count = new double[6][3];
        double[] starts = new double[6];
        for (Trajectory t : demos) {
            count[t.states()[0]][t.actions()[0]]++;
            starts[t.states()[0]]++;
        }
        double[] p = new double[3];
        for (int s = 0; s < 6; s++) {
            assertEquals(mdp.initial()[s], starts[s] / demos.size(), 5 * Math.sqrt(0.25 / demos.size()));
            pi.probabilities(0, s, p);
            for (int a = 0; a < 3; a++)
                assertEquals(p[a], count[s][a] / starts[s], 5 * Math.sqrt(0.25 / starts[s]), "state " + s + " action " + a);
        }
    }

    @Test
    void episodesHaveTheRequestedLengthAndValidIndices() {
        for (Trajectory t : Rollouts.sample(mdp, pi, 10, 5, 1, null)) {
            assertEquals(5, t.length());
            t.checkIndices(6, 3);
            assertNull(t.rewards(), "the MDP has no reward, so episodes carry none");
        }
    }

    @Test
    void lengthBeyondHorizon_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> Rollouts.sample(mdp, pi, 1, 6, 1, null));
    }
}
