package io.revealed.env;

import io.revealed.mdp.Features;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A square gridworld with slippery moves and a state reward.
 *
 * <p><b>Layout.</b> A {@code size x size} grid; cell {@code (x, y)} is state {@code s = y * size + x},
 * so state 0 is the top-left cell and {@code x} grows to the right, {@code y} downwards.
 *
 * <p><b>Actions</b>, in this order: {@link #RIGHT} (+x), {@link #DOWN} (+y), {@link #LEFT} (-x),
 * {@link #UP} (-y), {@link #STAY}. A move that would leave the grid leaves the agent in place.
 *
 * <p><b>Slip.</b> The intended move happens with probability {@code 1 - slip}; each of the other
 * four moves (including "stay") happens with probability {@code slip / 4}. So with slip 0 the
 * grid is deterministic and with slip 1 the intended move never happens. Moves that end in the
 * same cell are merged (a corner cell bumping into two walls has one successor for all of them),
 * moves of probability 0 are dropped, and each row lists distinct successors in ascending order.
 *
 * <p><b>Reward</b> (a state reward, earned on acting in a cell): {@link Layout#GOAL} gives +1 in
 * the bottom-right cell {@code (size-1, size-1)} and 0 elsewhere; {@link Layout#RANDOM} draws each
 * cell's reward uniformly from {@code [-1, 1)} with a {@link SplittableRandom} seeded by
 * {@code seed}, in state order.
 *
 * <p><b>Features</b>: {@link FeatureSet#ONEHOT} (one indicator per cell; {@code S^2} doubles, so
 * meant for grids up to a few thousand cells) or {@link FeatureSet#COORDS} ({@code x/(size-1)},
 * {@code y/(size-1)} and a constant 1).
 *
 * <p>Building costs {@code O(size^2)} time; the MDP holds at most {@code 25 size^2} transitions.
 */
public final class Gridworld {
    public static final int RIGHT = 0, DOWN = 1, LEFT = 2, UP = 3, STAY = 4;
    /** Action names in index order, for reports. */
    public static final List<String> ACTION_NAMES = List.of("right", "down", "left", "up", "stay");

    /** Reward layouts. */
    public enum Layout { GOAL, RANDOM }

    /** Initial distributions: uniform over all cells, or the top-left cell. */
    public enum Start { UNIFORM, CORNER }

    /** Feature sets. */
    public enum FeatureSet { ONEHOT, COORDS }

    static final Environments.Info INFO = new Environments.Info("gridworld",
            "square grid, 5 actions (right, down, left, up, stay) with slip, goal or random state reward",
            List.of(new Environments.Parameter("size", "8", "side length (>= 2); state s = y*size + x"),
                    new Environments.Parameter("slip", "0.1", "probability mass spread evenly over the 4 unintended moves"),
                    new Environments.Parameter("reward", "goal", "goal (+1 in the bottom-right cell) or random (uniform in [-1,1) per cell)"),
                    new Environments.Parameter("seed", "0", "seed of the random reward layout"),
                    new Environments.Parameter("horizon", "3*size", "finite horizon; 0 or none for an infinite discounted one"),
                    new Environments.Parameter("discount", "1.0 (0.9 if the horizon is infinite)", "discount factor"),
                    new Environments.Parameter("start", "uniform", "uniform or corner (the top-left cell)"),
                    new Environments.Parameter("features", "onehot", "onehot (one per cell) or coords (x, y scaled to [0,1], constant 1)")));

    /**
     * @param size side length, at least 2
     * @param slip in [0, 1]
     * @param layout the reward layout
     * @param seed seed of the random layout (unused by {@link Layout#GOAL})
     * @param horizon finite horizon {@code >= 1}, or {@code null} for an infinite one (then discount < 1)
     * @param discount in [0, 1]
     * @param start initial distribution
     * @param features feature set
     */
    public record Options(int size, double slip, Layout layout, long seed, Integer horizon, double discount,
                          Start start, FeatureSet features) {
        public Options {
            GridDynamics.checkSize(size, "gridworld");
            GridDynamics.checkSlip(slip, "gridworld");
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(features, "features");
            if (horizon != null && horizon < 1) throw new IllegalArgumentException("gridworld: horizon must be >= 1 or null, got " + horizon);
            if (!(discount >= 0 && discount <= 1)) throw new IllegalArgumentException("gridworld: discount must be in [0, 1], got " + discount);
            if (horizon == null && discount >= 1)
                throw new IllegalArgumentException("gridworld: an infinite horizon needs discount < 1, got " + discount);
            if (features == FeatureSet.ONEHOT && (long) size * size * size * size > Integer.MAX_VALUE - 8)
                throw new IllegalArgumentException("gridworld: one-hot features of a " + size + "x" + size + " grid would not fit in one array; use features=coords");
        }

        /** The defaults: size 8, slip 0.1, goal layout, seed 0, horizon 24, discount 1, uniform start, one-hot features. */
        public Options() { this(8, 0.1); }

        /** Goal layout, seed 0, horizon {@code 3*size}, discount 1, uniform start, one-hot features. */
        public Options(int size, double slip) {
            this(size, slip, Layout.GOAL, 0, 3 * size, 1.0, Start.UNIFORM, FeatureSet.ONEHOT);
        }

        /** Reads the options of a {@code gridworld:...} spec, rejecting unknown keys. */
        public static Options fromSpec(EnvSpec spec) {
            spec.checkKeys(INFO.keys());
            int size = spec.intParam("size", 8);
            double slip = spec.doubleParam("slip", 0.1);
            Layout layout = Layout.valueOf(spec.choiceParam("reward", "goal", "goal", "random").toUpperCase(java.util.Locale.ROOT));
            long seed = spec.longParam("seed", 0);
            Integer horizon = spec.horizonParam("horizon", 3 * size);
            double discount = spec.doubleParam("discount", horizon == null ? 0.9 : 1.0);
            Start start = Start.valueOf(spec.choiceParam("start", "uniform", "uniform", "corner").toUpperCase(java.util.Locale.ROOT));
            FeatureSet features = FeatureSet.valueOf(spec.choiceParam("features", "onehot", "onehot", "coords").toUpperCase(java.util.Locale.ROOT));
            return new Options(size, slip, layout, seed, horizon, discount, start, features);
        }
    }

    private final Options options;
    private final TabularMdp mdp;

    public Gridworld(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        int n = options.size(), states = n * n;
        GridDynamics.Csr csr = GridDynamics.build(n, options.slip());
        double[] initial = new double[states];
        if (options.start() == Start.CORNER) initial[0] = 1;
        else Arrays.fill(initial, 1.0 / states);
        this.mdp = TabularMdp.of(states, GridDynamics.ACTIONS, csr.rowStart(), csr.successors(), csr.probabilities(),
                initial, options.discount(), options.horizon(), features(options), TabularReward.ofState(rewards(options), GridDynamics.ACTIONS));
    }

    /** The gridworld of a {@code gridworld:...} spec. */
    public static Gridworld fromSpec(EnvSpec spec) { return new Gridworld(Options.fromSpec(spec)); }

    private static double[] rewards(Options o) {
        int n = o.size(), states = n * n;
        double[] r = new double[states];
        switch (o.layout()) {
            case GOAL -> r[states - 1] = 1;
            case RANDOM -> {
                SplittableRandom rng = new SplittableRandom(o.seed());
                for (int s = 0; s < states; s++) r[s] = 2 * rng.nextDouble() - 1;
            }
        }
        return r;
    }

    private static Features features(Options o) {
        int n = o.size(), states = n * n;
        return switch (o.features()) {
            case ONEHOT -> {
                double[] v = new double[states * states];
                String[] names = new String[states];
                for (int s = 0; s < states; s++) {
                    v[s * states + s] = 1;
                    names[s] = "cell(" + (s % n) + "," + (s / n) + ")";
                }
                yield new Features(states, states, v, List.of(names));
            }
            case COORDS -> {
                double[] v = new double[states * 3];
                for (int s = 0; s < states; s++) {
                    v[3 * s] = (double) (s % n) / (n - 1);
                    v[3 * s + 1] = (double) (s / n) / (n - 1);
                    v[3 * s + 2] = 1;
                }
                yield new Features(states, 3, v, List.of("x", "y", "bias"));
            }
        };
    }

    public Options options() { return options; }
    public TabularMdp mdp() { return mdp; }
    public int size() { return options.size(); }
    /** Column of state {@code s} (0 = left). */
    public int x(int s) { return s % options.size(); }
    /** Row of state {@code s} (0 = top). */
    public int y(int s) { return s / options.size(); }
    /** The state of cell {@code (x, y)}. */
    public int state(int x, int y) {
        int n = options.size();
        if (x < 0 || x >= n || y < 0 || y >= n) throw new IllegalArgumentException("cell (" + x + ", " + y + ") is outside the " + n + "x" + n + " grid");
        return y * n + x;
    }
}
