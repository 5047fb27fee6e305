package io.revealed.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpisodeTest {
    static double[][] rows(int n, int d) {
        double[][] v = new double[n][d];
        for (int t = 0; t < n; t++)
            for (int j = 0; j < d; j++) v[t][j] = t + 0.1 * j;
        return v;
    }

    static void assertRejected(String message, Runnable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        assertEquals(message, e.getMessage());
    }

    @Test
    void validEpisode_reportsItsShape() {
        Episode e = new Episode(rows(3, 2), new Actions.Continuous(rows(2, 4)), new double[]{1, -0.5}, false, true);
        assertEquals(2, e.length());
        assertEquals(2, e.observationDimension());
        assertFalse(e.discrete());
        assertEquals(0.5, e.totalReward());
        assertEquals(4, ((Actions.Continuous) e.actions()).dimension());
    }

    @Test
    void observationCount_mustBeOneMoreThanActions() {
        assertRejected("an episode has one more observation than actions: got 2 observations and 2 actions",
                () -> new Episode(rows(2, 1), new Actions.Discrete(new int[]{0, 1}), null, false, false));
    }

    @Test
    void badValues_nameTheStep() {
        double[][] obs = rows(4, 3);
        obs[2][1] = Double.NaN;
        assertRejected("observation at step 2, component 1 is NaN", () -> new Episode(obs, new Actions.Discrete(new int[3]), null, false, false));
        double[][] ragged = rows(3, 2);
        ragged[1] = new double[]{1};
        assertRejected("observation at step 1 has 1 components, but step 0 has 2", () -> new Episode(ragged, new Actions.Discrete(new int[2]), null, false, false));
        assertRejected("observations need at least one component, got 0 at step 0",
                () -> new Episode(new double[1][0], new Actions.Discrete(new int[0]), null, false, false));
        assertRejected("reward at step 1 is Infinity",
                () -> new Episode(rows(3, 1), new Actions.Discrete(new int[2]), new double[]{0, Double.POSITIVE_INFINITY}, false, false));
        assertRejected("an episode has one reward per action: got 1 rewards and 2 actions",
                () -> new Episode(rows(3, 1), new Actions.Discrete(new int[2]), new double[]{0}, false, false));
        assertRejected("action at step 1 is -1; discrete actions are indices >= 0", () -> new Actions.Discrete(new int[]{0, -1}));
        double[][] acts = rows(3, 2);
        acts[2][0] = Double.NEGATIVE_INFINITY;
        assertRejected("action at step 2, component 0 is -Infinity", () -> new Actions.Continuous(acts));
        assertRejected("action at step 1 has 3 components, expected 2", () -> new Actions.Continuous(new double[][]{{1, 2}, {1, 2, 3}}));
        assertRejected("give the dimension of continuous actions explicitly when there is no action", () -> new Actions.Continuous(new double[0][]));
    }

    @Test
    void dataset_summarisesStepsAndReturns() {
        // returns: 1 + 2 = 3, 5, no rewards, 0 (no actions) -> over 3 rewarded episodes: mean 8/3, min 0, max 5
        EpisodeDataset d = new EpisodeDataset(List.of(
                new Episode(rows(3, 2), new Actions.Discrete(new int[]{0, 4}), new double[]{1, 2}, true, false),
                new Episode(rows(2, 2), new Actions.Discrete(new int[]{1}), new double[]{5}, false, true),
                new Episode(rows(2, 2), new Actions.Discrete(new int[]{2}), null, false, true),
                new Episode(rows(1, 2), new Actions.Discrete(new int[]{}), new double[]{}, false, false)));
        assertEquals(4, d.size());
        assertEquals(4, d.steps());
        assertEquals(2, d.observationDimension());
        assertEquals(EpisodeDataset.ActionKind.DISCRETE, d.actionKind());
        assertEquals(5, d.actionDimension(), "one more than the largest action index");
        EpisodeDataset.Returns r = d.returns().orElseThrow();
        assertEquals(3, r.episodes());
        assertEquals(8.0 / 3, r.mean(), 1e-15);
        assertEquals(0, r.min());
        assertEquals(5, r.max());
    }

    @Test
    void dataset_withoutRewards_hasNoReturns() {
        EpisodeDataset d = new EpisodeDataset(List.of(new Episode(rows(2, 1), new Actions.Continuous(rows(1, 3)), null, false, false)));
        assertTrue(d.returns().isEmpty());
        assertEquals(EpisodeDataset.ActionKind.CONTINUOUS, d.actionKind());
        assertEquals(3, d.actionDimension());
    }

    @Test
    void dataset_rejectsEpisodesOfDifferentShapes() {
        Episode a = new Episode(rows(2, 2), new Actions.Continuous(rows(1, 3)), null, false, false);
        assertRejected("episode 1 has observations of dimension 3, but episode 0 has 2",
                () -> new EpisodeDataset(List.of(a, new Episode(rows(2, 3), new Actions.Continuous(rows(1, 3)), null, false, false))));
        assertRejected("episode 1 has actions of dimension 1, but episode 0 has 3",
                () -> new EpisodeDataset(List.of(a, new Episode(rows(2, 2), new Actions.Continuous(rows(1, 1)), null, false, false))));
        assertRejected("episode 1 has discrete actions, but episode 0 has continuous ones",
                () -> new EpisodeDataset(List.of(a, new Episode(rows(2, 2), new Actions.Discrete(new int[1]), null, false, false))));
        assertRejected("a dataset needs at least one episode", () -> new EpisodeDataset(List.of()));
    }
}
