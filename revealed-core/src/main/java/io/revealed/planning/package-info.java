/**
 * Planning over the sparse transitions of a {@link io.revealed.mdp.TabularMdp}: value iteration,
 * soft (entropy-regularised) value iteration, policy evaluation and occupancy measures, for
 * finite horizons (time-indexed) and discounted infinite horizons. Sweeps over states run in
 * parallel for large MDPs; results do not depend on the number of threads.
 */
package io.revealed.planning;
