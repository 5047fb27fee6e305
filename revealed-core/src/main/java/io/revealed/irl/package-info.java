/**
 * Tabular inverse reinforcement learning behind one interface, {@link io.revealed.irl.IrlAlgorithm}:
 * each algorithm takes an MDP with state features and a list of demonstrations and returns a
 * learned reward, the policy it induces, and per-iteration curves.
 */
package io.revealed.irl;
