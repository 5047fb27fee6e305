package io.revealed.env;

import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * ObjectWorld, the benchmark of Levine, Popović and Koltun, "Nonlinear Inverse Reinforcement
 * Learning with Gaussian Processes" (NeurIPS 2011): a grid strewn with coloured objects whose
 * reward is a nonlinear (logical) function of the distances to the nearest objects of two colours.
 *
 * <p><b>Grid and dynamics</b> are those of {@link Gridworld}: {@code N x N} cells, state
 * {@code s = y * N + x}, actions 0 right, 1 down, 2 left, 3 up, 4 stay, moves off the grid leave
 * the agent in place. With wind (slip) {@code w} the intended move happens with probability
 * {@code 1 - w} and each of the other four with probability {@code w / 4} (the paper's "30% chance
 * of moving in a random direction" is {@code w = 0.3}). Discount 0.9, infinite horizon and a
 * uniform initial distribution by default.
 *
 * <p><b>Objects.</b> {@code objects} objects (default {@code round(0.05 N^2)}, 51 for N = 32) sit on
 * distinct cells. Each has an inner and an outer colour in {@code 0 .. C-1} (colours are numbered
 * from 0 here; the paper's "colour 1" and "colour 2" are outer colours 0 and 1). Placement, from
 * one {@link SplittableRandom} seeded by {@code seed}: first the cells, drawn uniformly without
 * replacement by a partial Fisher–Yates shuffle of the cell indices (object {@code i} takes the
 * {@code i}-th drawn cell); then, object by object, the inner colour and the outer colour, each
 * uniform over the {@code C} colours.
 *
 * <p><b>Distances</b> are Euclidean between cell centres, {@code sqrt(dx^2 + dy^2)} in cells, and
 * "within {@code d}" means {@code <= d} (tested exactly on integer squared distances). An object
 * on the cell itself is at distance 0. When no object has a given colour, the distance to that
 * colour is taken to be the grid diagonal {@code N * sqrt(2)}, which is larger than any distance
 * on the grid, so such a colour is never "within" anything.
 *
 * <p><b>Reward</b> (a state reward): +1 if within 3 of an object of outer colour 0 and within 2 of
 * an object of outer colour 1; -1 if within 3 of outer colour 0 but not within 2 of outer colour
 * 1; 0 otherwise. With a single colour ({@code C = 1}) the second colour does not exist and the
 * reward is +1 within 3 of outer colour 0 and 0 elsewhere (never -1). Colours 2 and up are
 * distractors: they appear in the features but not in the reward.
 *
 * <p><b>Features.</b> {@link FeatureSet#CONTINUOUS} (default): {@code 2C} features, the distance to
 * the nearest object of inner colour 0..C-1 and then of outer colour 0..C-1 (named
 * {@code inner0 .. outer<C-1>}). {@link FeatureSet#BINARY}: for each of those {@code 2C} distances
 * {@code D} (same order) and each {@code d = 1 .. N}, the indicator {@code [D < d]} (named
 * {@code inner0<1}, ...), {@code 2CN} features in all.
 *
 * <p>Building costs {@code O(N^2 * objects)} time for the distances and {@code O(N^2 * features)}
 * memory. {@link #withSeed} makes a new map from the same options, for evaluating a learnt reward
 * on maps it was not trained on.
 */
public final class ObjectWorld {

    /** Feature sets. */
    public enum FeatureSet { CONTINUOUS, BINARY }

    /** One object: its cell and its colours. */
    public record Placement(int x, int y, int inner, int outer) {}

    static final Environments.Info INFO = new Environments.Info("objectworld",
            "Levine et al. (2011) grid with coloured objects; reward depends on distances to outer colours 0 and 1",
            List.of(new Environments.Parameter("size", "32", "side length N (>= 2)"),
                    new Environments.Parameter("colors", "2", "number of colours C (>= 1)"),
                    new Environments.Parameter("objects", "round(0.05*size^2)", "number of objects, on distinct cells"),
                    new Environments.Parameter("slip", "0.3", "wind: probability mass spread evenly over the 4 unintended moves (alias: wind)"),
                    new Environments.Parameter("wind", "0.3", "same as slip"),
                    new Environments.Parameter("discount", "0.9", "discount factor"),
                    new Environments.Parameter("horizon", "none", "infinite (none or 0) or a finite horizon"),
                    new Environments.Parameter("seed", "0", "seed of the object placement"),
                    new Environments.Parameter("features", "continuous", "continuous (2C distances) or binary (2C*N indicators [distance < d])")));

    /**
     * @param size side length N, at least 2
     * @param colors number of colours C, at least 1
     * @param objects number of objects, in {@code [0, N^2]}
     * @param slip wind, in [0, 1]
     * @param discount in [0, 1]
     * @param horizon {@code null} for infinite (then discount < 1), or {@code >= 1}
     * @param seed seed of the placement
     * @param features feature set
     */
    public record Options(int size, int colors, int objects, double slip, double discount, Integer horizon, long seed,
                          FeatureSet features) {
        public Options {
            GridDynamics.checkSize(size, "objectworld");
            GridDynamics.checkSlip(slip, "objectworld");
            if (colors < 1) throw new IllegalArgumentException("objectworld: colors must be >= 1, got " + colors);
            if (objects < 0 || objects > size * size)
                throw new IllegalArgumentException("objectworld: objects must be in [0, " + size * size + "] (one per cell at most), got " + objects);
            if (!(discount >= 0 && discount <= 1)) throw new IllegalArgumentException("objectworld: discount must be in [0, 1], got " + discount);
            if (horizon != null && horizon < 1) throw new IllegalArgumentException("objectworld: horizon must be >= 1 or null, got " + horizon);
            if (horizon == null && discount >= 1)
                throw new IllegalArgumentException("objectworld: an infinite horizon needs discount < 1, got " + discount);
            Objects.requireNonNull(features, "features");
            long dim = features == FeatureSet.CONTINUOUS ? 2L * colors : 2L * colors * size;
            if ((long) size * size * dim > Integer.MAX_VALUE - 8)
                throw new IllegalArgumentException("objectworld: " + dim + " features for " + size * size + " states would not fit in one array");
        }

        /** The paper's setting: N = 32, C = 2, 51 objects, wind 0.3, discount 0.9, infinite horizon, seed 0, continuous features. */
        public Options() { this(32, 2); }

        /** Defaults for the given size and colours: {@code round(0.05 N^2)} objects, wind 0.3, discount 0.9. */
        public Options(int size, int colors) {
            this(size, colors, defaultObjects(size), 0.3, 0.9, null, 0, FeatureSet.CONTINUOUS);
        }

        /** {@code round(0.05 N^2)}. */
        public static int defaultObjects(int size) { return (int) Math.round(0.05 * size * size); }

        public Options withSeed(long seed) {
            return new Options(size, colors, objects, slip, discount, horizon, seed, features);
        }

        /** Reads the options of an {@code objectworld:...} spec, rejecting unknown keys. */
        public static Options fromSpec(EnvSpec spec) {
            spec.checkKeys(INFO.keys());
            if (spec.has("slip") && spec.has("wind"))
                throw new IllegalArgumentException("objectworld: give slip or wind, not both (they are the same parameter)");
            int size = spec.intParam("size", 32);
            int colors = spec.intParam("colors", 2);
            int objects = spec.intParam("objects", defaultObjects(size));
            double slip = spec.doubleParam(spec.has("wind") ? "wind" : "slip", 0.3);
            double discount = spec.doubleParam("discount", 0.9);
            Integer horizon = spec.horizonParam("horizon", null);
            long seed = spec.longParam("seed", 0);
            FeatureSet features = FeatureSet.valueOf(
                    spec.choiceParam("features", "continuous", "continuous", "binary").toUpperCase(java.util.Locale.ROOT));
            return new Options(size, colors, objects, slip, discount, horizon, seed, features);
        }
    }

    private final Options options;
    private final List<Placement> placements;
    /** {@code minSq[s * 2C + k]}: squared distance to the nearest object of class k (inner c = c, outer c = C + c); -1 when none. */
    private final int[] minSq;
    private final TabularMdp mdp;

    /** A map placed at random from {@code options.seed()}. */
    public ObjectWorld(Options options) {
        this(options, place(options));
    }

    /** A hand-placed map (for tests): {@code placements.size()} must equal {@code options.objects()}. */
    ObjectWorld(Options options, List<Placement> placements) {
        this.options = Objects.requireNonNull(options, "options");
        this.placements = List.copyOf(placements);
        int n = options.size(), c = options.colors();
        if (this.placements.size() != options.objects())
            throw new IllegalArgumentException("objectworld: " + this.placements.size() + " placements for " + options.objects() + " objects");
        boolean[] taken = new boolean[n * n];
        for (Placement p : this.placements) {
            if (p.x() < 0 || p.x() >= n || p.y() < 0 || p.y() >= n)
                throw new IllegalArgumentException("objectworld: object at (" + p.x() + ", " + p.y() + ") is off the grid");
            if (p.inner() < 0 || p.inner() >= c || p.outer() < 0 || p.outer() >= c)
                throw new IllegalArgumentException("objectworld: object at (" + p.x() + ", " + p.y() + ") has a colour outside [0, " + c + ")");
            if (taken[p.y() * n + p.x()]) throw new IllegalArgumentException("objectworld: two objects at (" + p.x() + ", " + p.y() + ")");
            taken[p.y() * n + p.x()] = true;
        }
        this.minSq = nearest(n, c, this.placements);
        int states = n * n;
        GridDynamics.Csr csr = GridDynamics.build(n, options.slip());
        double[] initial = new double[states];
        Arrays.fill(initial, 1.0 / states);
        this.mdp = TabularMdp.of(states, GridDynamics.ACTIONS, csr.rowStart(), csr.successors(), csr.probabilities(), initial,
                options.discount(), options.horizon(), features(), TabularReward.ofState(rewards(), GridDynamics.ACTIONS));
    }

    /** The map of an {@code objectworld:...} spec. */
    public static ObjectWorld fromSpec(EnvSpec spec) { return new ObjectWorld(Options.fromSpec(spec)); }

    /** A new random map from the same options with another seed. */
    public ObjectWorld withSeed(long seed) { return new ObjectWorld(options.withSeed(seed)); }

    private static List<Placement> place(Options o) {
        int n = o.size(), cells = n * n, k = o.objects();
        SplittableRandom rng = new SplittableRandom(o.seed());
        int[] perm = new int[cells];
        for (int i = 0; i < cells; i++) perm[i] = i;
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(cells - i);
            int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
        }
        List<Placement> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            int inner = rng.nextInt(o.colors());
            int outer = rng.nextInt(o.colors());
            out.add(new Placement(perm[i] % n, perm[i] / n, inner, outer));
        }
        return out;
    }

    private static int[] nearest(int n, int colors, List<Placement> objects) {
        int classes = 2 * colors;
        int[] m = new int[n * n * classes];
        Arrays.fill(m, -1);
        for (int s = 0; s < n * n; s++) {
            int x = s % n, y = s / n, base = s * classes;
            for (Placement p : objects) {
                int dx = p.x() - x, dy = p.y() - y, d2 = dx * dx + dy * dy;
                int a = base + p.inner(), b = base + colors + p.outer();
                if (m[a] < 0 || d2 < m[a]) m[a] = d2;
                if (m[b] < 0 || d2 < m[b]) m[b] = d2;
            }
        }
        return m;
    }

    private double distance(int s, int k) {
        int d2 = minSq[s * 2 * options.colors() + k];
        return d2 < 0 ? options.size() * Math.sqrt(2) : Math.sqrt(d2);
    }

    private boolean within(int s, int k, int d) {
        int d2 = minSq[s * 2 * options.colors() + k];
        return d2 >= 0 && d2 <= d * d;
    }

    private double[] rewards() {
        int states = options.size() * options.size(), c = options.colors();
        double[] r = new double[states];
        for (int s = 0; s < states; s++) {
            if (!within(s, c, 3)) continue;
            r[s] = c == 1 || within(s, c + 1, 2) ? 1 : -1;
        }
        return r;
    }

    private Features features() {
        int n = options.size(), states = n * n, classes = 2 * options.colors();
        String[] cls = new String[classes];
        for (int k = 0; k < classes; k++)
            cls[k] = (k < options.colors() ? "inner" : "outer") + (k % options.colors());
        if (options.features() == FeatureSet.CONTINUOUS) {
            double[] v = new double[states * classes];
            for (int s = 0; s < states; s++)
                for (int k = 0; k < classes; k++) v[s * classes + k] = distance(s, k);
            return new Features(states, classes, v, List.of(cls));
        }
        int dim = classes * n;
        double[] v = new double[states * dim];
        String[] names = new String[dim];
        for (int k = 0; k < classes; k++)
            for (int d = 1; d <= n; d++) names[k * n + d - 1] = cls[k] + "<" + d;
        for (int s = 0; s < states; s++)
            for (int k = 0; k < classes; k++) {
                int d2 = minSq[s * classes + k];
                if (d2 < 0) continue; // missing colour: distance N*sqrt(2) >= every d
                for (int d = 1; d <= n; d++) if (d2 < d * d) v[s * dim + k * n + d - 1] = 1;
            }
        return new Features(states, dim, v, List.of(names));
    }

    public Options options() { return options; }
    public TabularMdp mdp() { return mdp; }
    public int size() { return options.size(); }
    /** The objects, in placement order. */
    public List<Placement> objects() { return placements; }
    /** Column of state {@code s} (0 = left). */
    public int x(int s) { return s % options.size(); }
    /** Row of state {@code s} (0 = top). */
    public int y(int s) { return s / options.size(); }

    /** Distance from cell {@code s} to the nearest object of inner colour {@code c} ({@code N sqrt 2} if none). */
    public double innerDistance(int s, int c) { return distance(s, checkColour(c)); }

    /** Distance from cell {@code s} to the nearest object of outer colour {@code c} ({@code N sqrt 2} if none). */
    public double outerDistance(int s, int c) { return distance(s, options.colors() + checkColour(c)); }

    private int checkColour(int c) {
        if (c < 0 || c >= options.colors()) throw new IllegalArgumentException("colour " + c + " outside [0, " + options.colors() + ")");
        return c;
    }
}
