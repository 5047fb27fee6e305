/**
 * Behavioural models, the maps from (MDP, reward) to the policy a demonstrator follows: optimal,
 * Boltzmann-rational and maximal causal entropy, as compared in "Quantifying the Sensitivity of
 * Inverse Reinforcement Learning to Misspecification"; and seeded rollouts that sample
 * demonstrations from a policy.
 */
package io.revealed.behavior;
