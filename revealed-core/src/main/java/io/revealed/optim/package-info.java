/** Smooth unconstrained optimisation for reward learning. */
package io.revealed.optim;
