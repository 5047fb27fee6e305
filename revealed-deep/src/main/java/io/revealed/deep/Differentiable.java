package io.revealed.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Numbers inside expressions that autograd differentiates.
 *
 * <p>DJL's {@code x.mul(number)} (and {@code maximum(number)}, {@code div(number)}) wraps the number
 * in an array over Java memory and closes it as soon as the product is computed; the backward pass
 * then reads that freed memory, so gradients came to depend on garbage collection (runs of one seed
 * drifted apart). Every product with a number that a loss differentiates goes through here, which
 * creates the number in a manager that outlives the backward pass. Additions and subtractions of
 * numbers are safe: their backward pass does not read the number.
 */
final class Differentiable {
    private Differentiable() {}

    /** The number {@code v} as an array owned by {@code m}. */
    static NDArray constant(NDManager m, double v) {
        return m.create((float) v);
    }

    /** {@code x * v}, with {@code v} owned by {@code x}'s manager so that the backward pass can read it. */
    static NDArray times(NDArray x, double v) {
        return x.mul(constant(x.getManager(), v));
    }
}
