package io.revealed.deep;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A fixed-capacity ring buffer of transitions {@code (o, a, r, o', terminated)} on primitive
 * arrays, as Stable-Baselines3's {@code ReplayBuffer} used by CleanRL's {@code dqn.py}: once full,
 * each new transition overwrites the oldest; sampling draws indices uniformly, with replacement,
 * among the stored ones.
 *
 * <p>{@code terminated} is the task's end only; a transition cut by the time limit is stored with
 * {@code terminated = false} and its real next observation, so that it is bootstrapped.
 */
final class ReplayBuffer {
    private final int capacity, dim;
    private final float[] obs, next, rewards;
    private final int[] actions;
    private final boolean[] terminated;
    private int pos, size;

    ReplayBuffer(int capacity, int observationDimension) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        if (observationDimension < 1) throw new IllegalArgumentException("observationDimension must be >= 1, got " + observationDimension);
        if ((long) capacity * observationDimension > Integer.MAX_VALUE) throw new IllegalArgumentException("buffer too large");
        this.capacity = capacity;
        this.dim = observationDimension;
        obs = new float[capacity * dim];
        next = new float[capacity * dim];
        rewards = new float[capacity];
        actions = new int[capacity];
        terminated = new boolean[capacity];
    }

    int capacity() { return capacity; }

    int size() { return size; }

    /** The slot the next {@link #add} writes to. */
    int position() { return pos; }

    void add(double[] observation, int action, double reward, double[] nextObservation, boolean isTerminated) {
        Objects.requireNonNull(observation, "observation");
        Objects.requireNonNull(nextObservation, "nextObservation");
        if (observation.length != dim || nextObservation.length != dim)
            throw new IllegalArgumentException("observations must have " + dim + " values");
        int at = pos * dim;
        for (int k = 0; k < dim; k++) {
            obs[at + k] = (float) observation[k];
            next[at + k] = (float) nextObservation[k];
        }
        actions[pos] = action;
        rewards[pos] = (float) reward;
        terminated[pos] = isTerminated;
        pos = (pos + 1) % capacity;
        if (size < capacity) size++;
    }

    /** Fills {@code indices} with slots drawn uniformly, with replacement, from {@code 0 .. size-1}. */
    void sampleIndices(SplittableRandom rng, int[] indices) {
        if (size == 0) throw new IllegalStateException("the buffer is empty");
        for (int j = 0; j < indices.length; j++) indices[j] = rng.nextInt(size);
    }

    /** Copies the transitions at {@code indices} into the batch arrays (observations row-major). */
    void gather(int[] indices, float[] o, int[] a, float[] r, float[] o2, boolean[] term) {
        for (int j = 0; j < indices.length; j++) {
            int i = indices[j];
            if (i < 0 || i >= size) throw new IndexOutOfBoundsException("slot " + i + " of " + size);
            System.arraycopy(obs, i * dim, o, j * dim, dim);
            System.arraycopy(next, i * dim, o2, j * dim, dim);
            a[j] = actions[i];
            r[j] = rewards[i];
            term[j] = terminated[i];
        }
    }

    /** The action stored in slot {@code i} (for tests). */
    int action(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("slot " + i + " of " + size);
        return actions[i];
    }
}
