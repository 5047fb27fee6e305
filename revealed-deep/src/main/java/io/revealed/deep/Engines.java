package io.revealed.deep;

import ai.djl.engine.Engine;

/**
 * The one place that starts DJL's PyTorch engine: forces offline mode (so a missing native never
 * turns into a download), runs PyTorch's operators on one thread unless
 * {@code -Dai.djl.pytorch.num_threads=N} says otherwise, and seeds the engine's random generator.
 *
 * <p>One thread because the networks here are small: splitting their matrix products over threads
 * gains little on an idle machine (SAC on Pendulum: 44 s with one thread, 47 s with two), and on a
 * shared one the waiting threads cost several times the work (3 ms per gradient step with one
 * thread, 10 ms with two at a load of 4 on two cores). SAC's results are the same either way.
 */
public final class Engines {
    private Engines() {}

    /** The PyTorch engine, offline. */
    public static Engine pytorch() {
        if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
        // read once, when the engine starts
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) System.setProperty("ai.djl.pytorch.num_threads", "1");
        Engine e = Engine.getEngine("PyTorch");
        if (e == null) throw new IllegalStateException("DJL's PyTorch engine is not on the class path");
        return e;
    }

    /** Seeds the engine's generator (network initialisation, dropout, sampling inside the engine). */
    public static void seed(long seed) {
        pytorch().setRandomSeed((int) (seed ^ (seed >>> 32)));
    }
}
