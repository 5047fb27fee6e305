package io.revealed.deep;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What {@link ReplayBuffer} (discrete actions) and {@link ContinuousReplayBuffer} (action vectors)
 * share: a fixed-capacity ring of transitions {@code (o, a, r, o', terminated)} on primitive arrays,
 * as Stable-Baselines3's {@code ReplayBuffer} used by CleanRL's {@code dqn.py} and
 * {@code sac_continuous_action.py}. Once full, each new transition overwrites the oldest; sampling
 * draws indices uniformly, with replacement, among the stored ones. The subclasses store the actions.
 *
 * <p>{@code terminated} is the task's end only; a transition cut by the time limit is stored with
 * {@code terminated = false} and its real next observation, so that it is bootstrapped.
 *
 * <p>Checkpoint layout ({@link #write}): the stored slots, little-endian, column after column:
 * observations ({@code size x dim} float32), next observations (the same), the actions (as the
 * subclass writes them), rewards (float32), terminated (one byte, 0 or 1); the size and the next slot
 * under {@code name.size} and {@code name.position}.
 */
abstract class TransitionRing {
    final int capacity, dim;
    private final float[] obs, next, rewards;
    private final boolean[] terminated;
    private int pos, size;

    TransitionRing(int capacity, int observationDimension, int actionValues) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        if (observationDimension < 1) throw new IllegalArgumentException("observationDimension must be >= 1, got " + observationDimension);
        if ((long) capacity * Math.max(observationDimension, actionValues) > Integer.MAX_VALUE)
            throw new IllegalArgumentException("buffer too large");
        this.capacity = capacity;
        this.dim = observationDimension;
        obs = new float[capacity * dim];
        next = new float[capacity * dim];
        rewards = new float[capacity];
        terminated = new boolean[capacity];
    }

    int capacity() { return capacity; }

    int size() { return size; }

    /** The slot the next transition is written to. */
    int position() { return pos; }

    /** Stores the transition's observations, reward and flag in the next slot, whose action the caller has written; advances. */
    final void addRest(double[] observation, double reward, double[] nextObservation, boolean isTerminated) {
        int at = pos * dim;
        for (int k = 0; k < dim; k++) {
            obs[at + k] = (float) observation[k];
            next[at + k] = (float) nextObservation[k];
        }
        rewards[pos] = (float) reward;
        terminated[pos] = isTerminated;
        pos = (pos + 1) % capacity;
        if (size < capacity) size++;
    }

    /** Fails unless both observations have {@code dim} values (before anything is written). */
    final void checkObservations(double[] observation, double[] nextObservation) {
        Objects.requireNonNull(observation, "observation");
        Objects.requireNonNull(nextObservation, "nextObservation");
        if (observation.length != dim || nextObservation.length != dim)
            throw new IllegalArgumentException("observations must have " + dim + " values");
    }

    /** Fills {@code indices} with slots drawn uniformly, with replacement, from {@code 0 .. size-1}. */
    void sampleIndices(RandomGenerator rng, int[] indices) {
        if (size == 0) throw new IllegalStateException("the buffer is empty");
        for (int j = 0; j < indices.length; j++) indices[j] = rng.nextInt(size);
    }

    /** Copies everything but the actions of the transitions at {@code indices} into the batch arrays (observations row-major). */
    final void gatherRest(int[] indices, float[] o, float[] r, float[] o2, boolean[] term) {
        for (int j = 0; j < indices.length; j++) {
            int i = slot(indices[j]);
            System.arraycopy(obs, i * dim, o, j * dim, dim);
            System.arraycopy(next, i * dim, o2, j * dim, dim);
            r[j] = rewards[i];
            term[j] = terminated[i];
        }
    }

    /** {@code i}, after checking that it is a stored slot. */
    final int slot(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("slot " + i + " of " + size);
        return i;
    }

    /** Bytes per stored action in a checkpoint. */
    abstract int actionBytes();

    /** Writes the actions of slots {@code 0 .. n-1}. */
    abstract void putActions(ByteBuffer b, int n);

    /** Reads the actions of slots {@code 0 .. n-1}. */
    abstract void getActions(ByteBuffer b, int n);

    /** Saves the stored slots into file {@code name} of a checkpoint (layout in the class comment). */
    final void write(Checkpoint.Writer w, String name) throws IOException {
        w.put(name + ".size", size);
        w.put(name + ".position", pos);
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(bytes(size))).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < size * dim; i++) b.putFloat(obs[i]);
        for (int i = 0; i < size * dim; i++) b.putFloat(next[i]);
        putActions(b, size);
        for (int i = 0; i < size; i++) b.putFloat(rewards[i]);
        for (int i = 0; i < size; i++) b.put((byte) (terminated[i] ? 1 : 0));
        w.bytes(name, b);
    }

    /** Replaces the contents with those {@link #write} saved (from a buffer of the same capacity and dimensions). */
    final void read(Checkpoint.Reader r, String name) {
        int n = r.intValue(name + ".size"), p = r.intValue(name + ".position");
        if (n < 0 || n > capacity) throw r.bad(name + ".size", "is " + n + ", outside 0 .. " + capacity);
        if (n < capacity ? p != n : p < 0 || p >= capacity) throw r.bad(name + ".position", "is " + p + ", impossible with size " + n);
        ByteBuffer b = r.bytes(name, bytes(n));
        for (int i = 0; i < n * dim; i++) obs[i] = b.getFloat();
        for (int i = 0; i < n * dim; i++) next[i] = b.getFloat();
        getActions(b, n);
        for (int i = 0; i < n; i++) rewards[i] = b.getFloat();
        for (int i = 0; i < n; i++) {
            byte t = b.get();
            if (t != 0 && t != 1) throw new IllegalArgumentException(r.dir.resolve(name) + ": terminated flag " + t + " at slot " + i + " is not 0 or 1");
            terminated[i] = t == 1;
        }
        size = n;
        pos = p;
    }

    private long bytes(int n) {
        return (long) n * (8L * dim + actionBytes() + 5);
    }
}
