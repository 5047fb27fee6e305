package io.revealed.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.revealed.deep.Engines;
import io.revealed.deep.Mlp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The cost of one Adam step of a 17-64-64-6 MLP (the anchor measurement: forward, squared-error
 * loss, backward, update, each step's arrays in a child manager) at several batch sizes, and the
 * resident memory before and after many steps (it must stay flat). Run:
 * {@code java -Dai.djl.offline=true -cp revealed-bench/target/revealed-bench.jar:revealed-bench/target/lib/* io.revealed.bench.MlpStepDriver}.
 */
public final class MlpStepDriver {
    public static void main(String[] args) {
        int[] batches = {32, 256};
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        boolean trace = args.length > 1 && args[1].equals("trace");
        System.out.println("batch,steps,ms_per_step,rss_mb_after_warmup,rss_mb_at_end");
        for (int b : batches) {
            Engines.seed(0);
            Mlp shape = new Mlp(17, new int[]{64, 64}, 6);
            try (Model model = Model.newInstance("mlp", Engines.pytorch().defaultDevice(), "PyTorch")) {
                model.setBlock(shape.block());
                DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.l2Loss())
                        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
                SplittableRandom r = new SplittableRandom(1);
                float[] x = new float[b * 17], y = new float[b * 6];
                try (Trainer t = model.newTrainer(cfg)) {
                    t.initialize(new Shape(b, 17));
                    double rssWarm = 0;
                    long t0 = 0;
                    int warm = 1000;
                    for (int i = 0; i < warm + steps; i++) {
                        if (i == warm) {
                            rssWarm = rssMb();
                            t0 = System.nanoTime();
                        }
                        for (int k = 0; k < x.length; k++) x[k] = (float) r.nextDouble();
                        for (int k = 0; k < y.length; k++) y[k] = (float) r.nextDouble();
                        try (NDManager m = t.getManager().newSubManager(); GradientCollector gc = t.newGradientCollector()) {
                            NDArray pred = t.forward(new NDList(m.create(x, new Shape(b, 17)))).singletonOrThrow();
                            NDArray loss = pred.sub(m.create(y, new Shape(b, 6))).square().mean();
                            gc.backward(loss);
                        }
                        t.step();
                        if (trace && (i - warm) % 20_000 == 0 && i >= warm)
                            System.out.printf(Locale.ROOT, "  batch %d step %d rss %.0f MB%n", b, i - warm, rssMb());
                    }
                    double ms = (System.nanoTime() - t0) / 1e6 / steps;
                    System.out.printf(Locale.ROOT, "%d,%d,%.4f,%.0f,%.0f%n", b, steps, ms, rssWarm, rssMb());
                }
            }
        }
    }

    static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1e3;
        } catch (Exception e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
