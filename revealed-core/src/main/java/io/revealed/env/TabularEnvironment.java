package io.revealed.env;

import io.revealed.mdp.TabularMdp;

import java.util.Objects;

/**
 * An environment made from a spec string, with its tabular MDP.
 *
 * @param name the environment name ({@code gridworld}, {@code objectworld}, {@code garnet}, {@code file})
 * @param spec the spec string it was made from, in canonical form (see {@link EnvSpec#toString()})
 * @param mdp the MDP, including its own reward and features when the environment defines them
 * @param gridSize the side length N of a grid-shaped environment, whose state {@code s} is cell
 *     {@code (s % N, s / N)} and whose actions are {@link Gridworld#ACTION_NAMES}; 0 when the
 *     states have no grid layout
 */
public record TabularEnvironment(String name, String spec, TabularMdp mdp, int gridSize) {
    public TabularEnvironment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(mdp, "mdp");
        if (gridSize < 0 || (gridSize > 0 && (long) gridSize * gridSize != mdp.states()))
            throw new IllegalArgumentException("grid size " + gridSize + " does not match " + mdp.states() + " states");
    }

    /** Whether the states are the cells of a {@code gridSize x gridSize} grid. */
    public boolean gridShaped() { return gridSize > 0; }

    /** A short name of action {@code a}: the move names of grid environments, {@code a0, a1, ...} otherwise. */
    public String actionName(int a) {
        if (a < 0 || a >= mdp.actions()) throw new IllegalArgumentException("action " + a + " outside [0, " + mdp.actions() + ")");
        return gridShaped() && mdp.actions() == Gridworld.ACTION_NAMES.size() ? Gridworld.ACTION_NAMES.get(a) : "a" + a;
    }

    /**
     * The same environment generated with another seed (a new ObjectWorld map, a new Garnet, a new
     * random gridworld layout): the spec with {@code seed} set, made again.
     *
     * @throws IllegalArgumentException for a {@code file:} environment, which has no seed
     */
    public TabularEnvironment withSeed(long seed) {
        EnvSpec parsed = EnvSpec.parse(spec);
        if (EnvSpec.FILE.equals(parsed.name())) throw new IllegalArgumentException("a file: environment has no seed to change");
        return Environments.create(parsed.with("seed", Long.toString(seed)));
    }
}
