package io.revealed.planning;

import io.revealed.mdp.TabularMdp;

/**
 * Soft (maximum causal entropy) value iteration at temperature alpha (Ziebart 2010):
 * {@code Q_t(s,a) = rbar(s,a) + g E_{s'}[V_{t+1}(s')]}, {@code V_t(s) = alpha log sum_a exp(Q_t(s,a)/alpha)},
 * {@code pi_t(a|s) = exp((Q_t(s,a) - V_t(s))/alpha)}, with {@code V_H = 0} for a finite horizon H and
 * the stationary fixed point for a discounted infinite horizon.
 *
 * <p>Memory: a finite horizon keeps only the values and returns a policy that recomputes
 * {@code Q_t(s,.)} from them on demand (one pass over the state's transitions). The values take
 * {@code (H+1)*S} doubles up to {@link #KEEP_ALL_DOUBLES} (2^27, 1 GiB); above that only those of
 * every k-th step are kept, {@code k = ceil(sqrt(H))}, and the values between two kept steps are
 * recomputed from the later one when the policy needs them (see {@link HorizonValues}): about {@code 2 sqrt(H) S}
 * doubles, for one more backward pass per forward pass over the horizon, with the same values bit
 * for bit. A discounted problem keeps {@code S} values and an {@code S*A} policy table.
 */
public final class SoftValueIteration {
    private SoftValueIteration() {}

    /**
     * Finite horizons with more values than this ({@code (H+1)*S}) keep only every k-th step's: 2^27
     * (1 GiB), or the number given by {@code -Drevealed.keepAllDoubles=N} (lower: less memory, more
     * time; a forward pass over the horizon then costs one more backward pass).
     */
    public static final long KEEP_ALL_DOUBLES = Long.getLong("revealed.keepAllDoubles", 1L << 27);

    /** Values and policy of the soft Bellman equations. */
    public static final class Solution {
        private final int steps;
        private final double[] stationary; // discounted: V
        private final HorizonValues horizon; // finite horizon: V_0 .. V_H
        private final Policy policy;

        Solution(double[] stationary, Policy policy) {
            this.steps = 0;
            this.stationary = stationary;
            this.horizon = null;
            this.policy = policy;
        }

        Solution(HorizonValues horizon, Policy policy) {
            this.steps = horizon.horizon();
            this.stationary = null;
            this.horizon = horizon;
            this.policy = policy;
        }

        /** The horizon H, or 0 for a discounted (stationary) solution. */
        public int steps() { return steps; }

        public Policy policy() { return policy; }

        /**
         * Discounted: V (length S). Finite horizon: V_0 .. V_H, time-major ({@code (H+1)*S}); for a
         * horizon whose values are kept every k-th step only, this recomputes and then keeps them all.
         */
        public double[] values() { return horizon == null ? stationary : horizon.all(); }

        /** The values of a finite horizon (null when discounted). */
        HorizonValues horizonValues() { return horizon; }

        /** V at step t (a copy), length S. */
        public double[] valuesAt(int t, int states) {
            double[] out = new double[states];
            if (horizon == null) System.arraycopy(stationary, 0, out, 0, states);
            else horizon.copy(t, out);
            return out;
        }
    }

    public static Solution solve(TabularMdp mdp, double[] rsa, double alpha, PlanningOptions options) {
        return solve(mdp, rsa, alpha, options, null);
    }

    /**
     * @param warmStart for a discounted problem, initial values to iterate from (length S, not
     *     modified), for example the solution for a nearby reward; ignored for a finite horizon
     */
    public static Solution solve(TabularMdp mdp, double[] rsa, double alpha, PlanningOptions options, double[] warmStart) {
        return solve(mdp, rsa, alpha, options, warmStart, keepEvery(mdp));
    }

    /** Every how many steps a finite horizon's values are kept: 1 up to {@link #KEEP_ALL_DOUBLES} values, {@code ceil(sqrt(H))} above. */
    static int keepEvery(TabularMdp mdp) {
        if (!mdp.finiteHorizon()) return 1;
        int H = mdp.horizon().getAsInt();
        return (H + 1L) * mdp.states() > KEEP_ALL_DOUBLES ? (int) Math.ceil(Math.sqrt(H)) : 1;
    }

    /** As {@link #solve(TabularMdp, double[], double, PlanningOptions, double[])}, keeping a finite horizon's values every {@code keepEvery} steps. */
    static Solution solve(TabularMdp mdp, double[] rsa, double alpha, PlanningOptions options, double[] warmStart, int keepEvery) {
        Backup.checkedRewardLength(mdp, rsa);
        if (!(alpha > 0) || !Double.isFinite(alpha)) throw new IllegalArgumentException("alpha must be > 0, got " + alpha);
        int S = mdp.states(), A = mdp.actions();
        double g = mdp.discount();
        double[] scratch = g != 0 && mdp.successorBlocks() != null ? new double[S * A] : null;
        if (mdp.finiteHorizon()) {
            // The policy recomputes Q from the reward later: the values and the policy keep their own copy.
            HorizonValues values = new HorizonValues(mdp, rsa.clone(), alpha, keepEvery, scratch);
            return new Solution(values, new SoftPolicy(mdp, values));
        }
        double[] v = warmStart == null ? new double[S] : checkedCopy(warmStart, S);
        double[] vNew = new double[S];
        double diff = Double.NaN;
        for (int it = 0; it < options.maxIterations(); it++) {
            final double[] cur = v, nxt = vNew;
            diff = Backup.forEachQ(mdp, rsa, g, cur, 0, scratch, (s, q) -> {
                double m = Backup.softMax(q, A, alpha);
                nxt[s] = m;
                return Math.abs(m - cur[s]);
            });
            v = nxt;
            vNew = cur;
            if (options.converged(diff, g)) return new Solution(v, stationaryPolicy(mdp, rsa, alpha, v, scratch));
        }
        throw options.notConverged("soft value iteration", diff);
    }

    /**
     * One soft Bellman sweep over all states: {@code vOut(s) = alpha log sum_a exp((rbar(s,a) + g sum_s' P(s'|s,a) vNext(s'))/alpha)}
     * with g the MDP's discount. Reads every transition once. {@code vOut} is overwritten and must
     * not be {@code vNext}.
     *
     * @param scratch S*A doubles of working space for large MDPs, or null to allocate
     */
    public static void sweep(TabularMdp mdp, double[] rsa, double alpha, double[] vNext, double[] vOut, double[] scratch) {
        Backup.checkedRewardLength(mdp, rsa);
        int S = mdp.states(), A = mdp.actions();
        if (vNext.length != S || vOut.length != S) throw new IllegalArgumentException("value arrays must have " + S + " entries");
        if (vNext == vOut) throw new IllegalArgumentException("vOut must differ from vNext");
        Backup.forEachQ(mdp, rsa, mdp.discount(), vNext, 0, scratch, (s, q) -> {
            vOut[s] = Backup.softMax(q, A, alpha);
            return 0;
        });
    }

    private static double[] checkedCopy(double[] warm, int S) {
        if (warm.length != S) throw new IllegalArgumentException("warm start must have " + S + " values, got " + warm.length);
        return warm.clone();
    }

    private static TabularPolicy stationaryPolicy(TabularMdp mdp, double[] rsa, double alpha, double[] v, double[] scratch) {
        int S = mdp.states(), A = mdp.actions();
        double[] p = new double[S * A];
        Backup.forEachQ(mdp, rsa, mdp.discount(), v, 0, scratch, (s, q) -> {
            softmaxInto(q, A, alpha, p, s * A);
            return 0;
        });
        return new TabularPolicy(S, A, 0, p);
    }

    /** Writes softmax(q/alpha) into {@code out[off ..]}, normalised to sum to 1 exactly up to rounding. */
    static void softmaxInto(double[] q, int A, double alpha, double[] out, int off) {
        int best = 0;
        for (int a = 1; a < A; a++) if (q[a] > q[best]) best = a;
        double m = q[best], inv = 1 / alpha;
        double sum = 1;
        for (int a = 0; a < A; a++) {
            double e = a == best ? 1 : Math.exp((q[a] - m) * inv);
            out[off + a] = e;
            if (a != best) sum += e;
        }
        double norm = 1 / sum;
        for (int a = 0; a < A; a++) out[off + a] *= norm;
    }

    /** The time-indexed soft policy of a finite horizon, recomputed from the stored values. */
    static final class SoftPolicy implements Policy {
        private final TabularMdp mdp;
        private final HorizonValues values;

        SoftPolicy(TabularMdp mdp, HorizonValues values) {
            this.mdp = mdp;
            this.values = values;
        }

        @Override public int states() { return mdp.states(); }
        @Override public int actions() { return mdp.actions(); }
        @Override public int steps() { return values.horizon(); }

        @Override
        public void probabilities(int t, int s, double[] out) {
            check(t);
            HorizonValues.Slice next = values.slice(t + 1);
            Backup.q(mdp, values.rsa, mdp.discount(), next.array(), next.offset(), s, out);
            // Normalise explicitly rather than subtracting V_t(s): identical in exact arithmetic,
            // and the rows then sum to 1 to rounding even where V_t is large.
            softmaxInto(out, mdp.actions(), values.alpha, out, 0);
        }

        /** One gather over the transitions for all states at once: through the successor blocks when there are. */
        @Override
        public void rowWeights(int t, double[] d, double[] w) {
            check(t);
            int A = mdp.actions();
            double alpha = values.alpha;
            // Under the values' lock: the gather shares their scratch array with the recomputation of a segment.
            synchronized (values) {
                HorizonValues.Slice next = values.slice(t + 1);
                Backup.forEachQ(mdp, values.rsa, mdp.discount(), next.array(), next.offset(), values.scratch(), (s, q) -> {
                    double ds = d[s];
                    int base = s * A;
                    if (ds == 0) {
                        java.util.Arrays.fill(w, base, base + A, 0.0);
                        return 0;
                    }
                    softmaxInto(q, A, alpha, w, base);
                    for (int a = 0; a < A; a++) w[base + a] *= ds;
                    return 0;
                });
            }
        }

        private void check(int t) {
            if (t < 0 || t >= values.horizon()) throw new IndexOutOfBoundsException("step " + t + " outside [0, " + values.horizon() + ")");
        }
    }

    /**
     * {@code V_0 .. V_H} of a finite horizon. With {@code keepEvery = 1} all {@code (H+1)*S} values are
     * kept. With {@code keepEvery = k > 1} only those of the steps {@code 0, k, 2k, ...} and H are
     * kept, and the values of the steps between two kept ones (a <i>segment</i>) are recomputed from the
     * later kept step by the same sweeps as the first pass, so bit for bit the same, when they are
     * asked for; the last segment recomputed stays until another is asked for. A pass over the steps
     * in either direction therefore recomputes every segment once. A caller that keeps jumping
     * between segments (for example one whole trajectory after another) would recompute them again
     * and again: after {@value #MAX_PASSES} passes' worth of recomputations every value is computed
     * once more and kept from then on.
     *
     * <p>Thread-safe: {@link #slice} hands out arrays that are never written again (a recomputed
     * segment goes into a new array), so a caller may read from its slice while another thread asks
     * for another segment.
     */
    static final class HorizonValues {
        /** Recomputations allowed, in passes over the horizon, before all values are kept. */
        static final int MAX_PASSES = 4;

        /** {@code array[offset .. offset + S)} holds the values of one step. */
        record Slice(double[] array, int offset) {}

        final TabularMdp mdp;
        final double[] rsa;
        final double alpha;
        private final int H, S, k;
        private double[] scratch;
        private double[] all; // (H+1)*S, time-major, when every value is kept
        private double[][] kept; // kept[j]: V at step min(j*k, H), j = 0 .. ceil(H/k)
        private double[] segment; // V at steps from+1 .. to-1 of the segment in use
        private int segmentIndex = -1;
        private long recomputations;

        /** Solves backwards from {@code V_H = 0}. {@code scratch}: S*A doubles for the successor blocks, or null. */
        HorizonValues(TabularMdp mdp, double[] rsa, double alpha, int keepEvery, double[] scratch) {
            if (keepEvery < 1) throw new IllegalArgumentException("keepEvery must be >= 1, got " + keepEvery);
            this.mdp = mdp;
            this.rsa = rsa;
            this.alpha = alpha;
            this.H = mdp.horizon().getAsInt();
            this.S = mdp.states();
            this.k = keepEvery;
            this.scratch = scratch;
            if (k == 1) {
                all = new double[Math.multiplyExact(H + 1, S)];
                for (int t = H - 1; t >= 0; t--) sweep(all, (t + 1) * S, all, t * S);
                return;
            }
            int segments = (H + k - 1) / k;
            kept = new double[segments + 1][];
            kept[segments] = new double[S]; // V_H = 0
            // Two work arrays take turns for the steps that are not kept; a kept step gets its own array.
            double[] later = kept[segments], work1 = new double[S], work2 = new double[S];
            for (int t = H - 1; t >= 0; t--) {
                double[] now = t % k == 0 ? new double[S] : later == work1 ? work2 : work1;
                sweep(later, 0, now, 0);
                if (t % k == 0) kept[t / k] = now;
                later = now;
            }
        }

        int horizon() { return H; }

        /** Whether every value is kept (from the start, or since {@link #all()} or too many recomputations). */
        synchronized boolean keepsAll() { return all != null; }

        /** The S*A scratch array of the successor blocks (callers hold this object's lock while they use it). */
        double[] scratch() {
            if (scratch == null && mdp.successorBlocks() != null && mdp.discount() != 0) scratch = new double[S * mdp.actions()];
            return scratch;
        }

        /** Where V_t is. */
        synchronized Slice slice(int t) {
            if (t < 0 || t > H) throw new IndexOutOfBoundsException("step " + t + " outside [0, " + H + "]");
            if (all != null) return new Slice(all, t * S);
            if (t == H || t % k == 0) return new Slice(kept[(t + k - 1) / k], 0);
            int j = t / k;
            if (j != segmentIndex) recompute(j);
            if (all != null) return new Slice(all, t * S);
            return new Slice(segment, (t - j * k - 1) * S);
        }

        /** Copies V_t into {@code out}. */
        void copy(int t, double[] out) {
            Slice v = slice(t);
            System.arraycopy(v.array(), v.offset(), out, 0, S);
        }

        /** Every value, time-major; from now on all are kept. */
        synchronized double[] all() {
            if (all == null) keepAll();
            return all;
        }

        /** Recomputes the segment between kept steps {@code j*k} and {@code min((j+1)*k, H)} into a new array. */
        private void recompute(int j) {
            int from = j * k, to = Math.min((j + 1) * k, H);
            double[] seg = new double[(to - from - 1) * S];
            double[] later = kept[j + 1];
            int laterOffset = 0;
            for (int t = to - 1; t > from; t--) {
                int at = (t - from - 1) * S;
                sweep(later, laterOffset, seg, at);
                later = seg;
                laterOffset = at;
            }
            segment = seg;
            segmentIndex = j;
            if (++recomputations > (long) MAX_PASSES * (kept.length - 1)) keepAll();
        }

        private void keepAll() {
            double[] v = new double[Math.multiplyExact(H + 1, S)];
            for (int j = 0; j < kept.length; j++) System.arraycopy(kept[j], 0, v, Math.min(j * k, H) * S, S);
            for (int j = 0; j * k < H; j++)
                for (int t = Math.min((j + 1) * k, H) - 1; t > j * k; t--) sweep(v, (t + 1) * S, v, t * S);
            all = v;
            kept = null;
            segment = null;
            segmentIndex = -1;
        }

        /** {@code to[toOffset + s] = alpha log sum_a exp(Q(s, a) / alpha)} with Q from the values at {@code from[fromOffset ..]}. */
        private void sweep(double[] from, int fromOffset, double[] to, int toOffset) {
            int A = mdp.actions();
            Backup.forEachQ(mdp, rsa, mdp.discount(), from, fromOffset, scratch(), (s, q) -> {
                to[toOffset + s] = Backup.softMax(q, A, alpha);
                return 0;
            });
        }
    }
}
