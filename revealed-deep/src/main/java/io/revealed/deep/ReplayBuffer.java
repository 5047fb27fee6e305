package io.revealed.deep;

import java.nio.ByteBuffer;

/**
 * The replay buffer of {@link Dqn}: a {@link TransitionRing} whose actions are indices (int32 in a
 * checkpoint).
 */
final class ReplayBuffer extends TransitionRing {
    private final int[] actions;

    ReplayBuffer(int capacity, int observationDimension) {
        super(capacity, observationDimension, 1);
        actions = new int[capacity];
    }

    void add(double[] observation, int action, double reward, double[] nextObservation, boolean isTerminated) {
        checkObservations(observation, nextObservation);
        actions[position()] = action;
        addRest(observation, reward, nextObservation, isTerminated);
    }

    /** Copies the transitions at {@code indices} into the batch arrays (observations row-major). */
    void gather(int[] indices, float[] o, int[] a, float[] r, float[] o2, boolean[] term) {
        gatherRest(indices, o, r, o2, term);
        for (int j = 0; j < indices.length; j++) a[j] = actions[indices[j]];
    }

    /** The action stored in slot {@code i} (for tests). */
    int action(int i) { return actions[slot(i)]; }

    @Override
    int actionBytes() { return 4; }

    @Override
    void putActions(ByteBuffer b, int n) {
        for (int i = 0; i < n; i++) b.putInt(actions[i]);
    }

    @Override
    void getActions(ByteBuffer b, int n) {
        for (int i = 0; i < n; i++) actions[i] = b.getInt();
    }
}
