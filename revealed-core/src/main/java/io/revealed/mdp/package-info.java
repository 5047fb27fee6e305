/**
 * Tabular Markov decision processes: states and actions as indices, sparse transitions in CSR
 * form, initial distribution, discount, optional finite horizon, state features, and rewards.
 * Every constructor validates its input and names the first offending state or action.
 */
package io.revealed.mdp;
