package io.revealed.deep;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.random.RandomGenerator;

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
    void sampleIndices(RandomGenerator rng, int[] indices) {
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

    /**
     * Saves the stored slots into file {@code name} of a checkpoint, little-endian, column after
     * column: observations ({@code size x dim} float32), next observations (the same), actions (int32), rewards (float32), terminated (one byte, 0 or 1); the size and the next slot under {@code name.size} and {@code name.position}.
     */
    void write(Checkpoint.Writer w, String name) throws IOException {
        w.put(name + ".size", size);
        w.put(name + ".position", pos);
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact((long) size * (8 * dim + 9))).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < size * dim; i++) b.putFloat(obs[i]);
        for (int i = 0; i < size * dim; i++) b.putFloat(next[i]);
        for (int i = 0; i < size; i++) b.putInt(actions[i]);
        for (int i = 0; i < size; i++) b.putFloat(rewards[i]);
        for (int i = 0; i < size; i++) b.put((byte) (terminated[i] ? 1 : 0));
        w.bytes(name, b);
    }

    /** Replaces the contents with those {@link #write} saved (from a buffer of the same capacity and dimensions). */
    void read(Checkpoint.Reader r, String name) {
        int n = r.intValue(name + ".size"), p = r.intValue(name + ".position");
        if (n < 0 || n > capacity) throw r.bad(name + ".size", "is " + n + ", outside 0 .. " + capacity);
        if (n < capacity ? p != n : p < 0 || p >= capacity) throw r.bad(name + ".position", "is " + p + ", impossible with size " + n);
        ByteBuffer b = r.bytes(name, (long) n * (8 * dim + 9));
        for (int i = 0; i < n * dim; i++) obs[i] = b.getFloat();
        for (int i = 0; i < n * dim; i++) next[i] = b.getFloat();
        for (int i = 0; i < n; i++) actions[i] = b.getInt();
        for (int i = 0; i < n; i++) rewards[i] = b.getFloat();
        for (int i = 0; i < n; i++) {
            byte t = b.get();
            if (t != 0 && t != 1) throw new IllegalArgumentException(r.dir.resolve(name) + ": terminated flag " + t + " at slot " + i + " is not 0 or 1");
            terminated[i] = t == 1;
        }
        size = n;
        pos = p;
    }
}
