/**
 * Tabular environments named by spec strings ({@code gridworld:size=8,slip=0.1},
 * {@code objectworld}, {@code garnet:states=100000,seed=3}, {@code file:mdp.json}):
 * {@link io.revealed.env.EnvSpec} parses the strings, {@link io.revealed.env.Environments} lists
 * and makes the environments, and each generator ({@link io.revealed.env.Gridworld},
 * {@link io.revealed.env.ObjectWorld}, {@link io.revealed.env.Garnet}) builds its
 * {@link io.revealed.mdp.TabularMdp} straight into CSR arrays from an options record and an
 * explicit seed, so the same spec always gives the same MDP.
 *
 * <p>Also the classic control simulators with Gymnasium's semantics and dynamics
 * ({@link io.revealed.env.CartPole}, {@link io.revealed.env.MountainCar},
 * {@link io.revealed.env.Acrobot}, {@link io.revealed.env.Pendulum}, and the fixed-horizon
 * variants of the seals library), behind {@link io.revealed.env.ControlEnv}, made by id with
 * {@link io.revealed.env.ControlEnvs} and stepped in batches with {@link io.revealed.env.VecEnv}.
 */
package io.revealed.env;
