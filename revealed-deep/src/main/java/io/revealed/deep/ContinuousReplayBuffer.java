package io.revealed.deep;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The replay buffer of {@link Sac}: a {@link TransitionRing} whose actions are vectors of
 * {@code actionDimension} numbers ({@code size x actionDimension} float32 in a checkpoint).
 */
final class ContinuousReplayBuffer extends TransitionRing {
    private final int actionDim;
    private final float[] actions;

    ContinuousReplayBuffer(int capacity, int observationDimension, int actionDimension) {
        super(capacity, observationDimension, actionDimension);
        if (actionDimension < 1) throw new IllegalArgumentException("actionDimension must be >= 1, got " + actionDimension);
        this.actionDim = actionDimension;
        actions = new float[capacity * actionDim];
    }

    void add(double[] observation, double[] action, double reward, double[] nextObservation, boolean isTerminated) {
        checkObservations(observation, nextObservation);
        Objects.requireNonNull(action, "action");
        if (action.length != actionDim) throw new IllegalArgumentException("actions must have " + actionDim + " values");
        for (int k = 0; k < actionDim; k++) actions[position() * actionDim + k] = (float) action[k];
        addRest(observation, reward, nextObservation, isTerminated);
    }

    /** Copies the transitions at {@code indices} into the batch arrays (observations and actions row-major). */
    void gather(int[] indices, float[] o, float[] a, float[] r, float[] o2, boolean[] term) {
        gatherRest(indices, o, r, o2, term);
        for (int j = 0; j < indices.length; j++) System.arraycopy(actions, indices[j] * actionDim, a, j * actionDim, actionDim);
    }

    @Override
    int actionBytes() { return 4 * actionDim; }

    @Override
    void putActions(ByteBuffer b, int n) {
        for (int i = 0; i < n * actionDim; i++) b.putFloat(actions[i]);
    }

    @Override
    void getActions(ByteBuffer b, int n) {
        for (int i = 0; i < n * actionDim; i++) actions[i] = b.getFloat();
    }
}
