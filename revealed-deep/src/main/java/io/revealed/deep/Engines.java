package io.revealed.deep;

import ai.djl.engine.Engine;

/**
 * The one place that starts DJL's PyTorch engine: forces offline mode (so a missing native never
 * turns into a download) and seeds the engine's random generator.
 */
public final class Engines {
    private Engines() {}

    /** The PyTorch engine, offline. */
    public static Engine pytorch() {
        if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
        Engine e = Engine.getEngine("PyTorch");
        if (e == null) throw new IllegalStateException("DJL's PyTorch engine is not on the class path");
        return e;
    }

    /** Seeds the engine's generator (network initialisation, dropout, sampling inside the engine). */
    public static void seed(long seed) {
        pytorch().setRandomSeed((int) (seed ^ (seed >>> 32)));
    }
}
