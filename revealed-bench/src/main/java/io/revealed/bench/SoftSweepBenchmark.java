package io.revealed.bench;

import io.revealed.env.Garnet;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.SoftValueIteration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * JMH: one soft value iteration sweep on Garnet(states, actions=4, branching=5), and a copy of a
 * 512 MiB array for the machine's bandwidth in the same run. Divide the bytes of
 * {@link SweepDriver} by the sweep time for bytes per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SoftSweepBenchmark {
    @Param({"1000000"})
    int states;

    TabularMdp mdp;
    double[] rsa, v, out, scratch;
    double[] src, dst;

    @Setup(Level.Trial)
    public void setUp() {
        mdp = Garnet.generate(new Garnet.Options(states, 4, 5, 16, 0, 50, 1.0));
        rsa = mdp.reward().expected(mdp, null);
        v = new double[states];
        out = new double[states];
        scratch = new double[states * 4];
        for (int s = 0; s < states; s++) v[s] = (s % 7) * 0.1;
        src = new double[MemoryBandwidth.DOUBLES];
        dst = new double[MemoryBandwidth.DOUBLES];
    }

    @Benchmark
    public double[] softSweep() {
        SoftValueIteration.sweep(mdp, rsa, 1.0, v, out, scratch);
        return out;
    }

    @Benchmark
    public double[] copy512MiB() {
        System.arraycopy(src, 0, dst, 0, src.length);
        return dst;
    }
}
