package io.revealed.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** Small operations on DJL arrays that DJL itself does in a way we avoid. */
final class NdArrays {
    private NdArrays() {}

    /**
     * Overwrites the numbers of {@code a} in place with {@code values} (row-major, as many as
     * {@code a} holds). DJL's {@code NDArray.set(float[])} does this through a PyTorch mode that prints
     * a deprecation warning on standard error, which a command-line user would see; an indexed copy
     * does the same without it.
     */
    static void overwrite(NDArray a, float[] values) {
        if (values.length != a.size()) throw new IllegalArgumentException(values.length + " values for an array of " + a.size());
        try (NDArray v = a.getManager().create(values, a.getShape())) {
            a.set(new NDIndex(":"), v);
        }
    }
}
