/** Demonstrations: trajectories of a tabular MDP and datasets of them. */
package io.revealed.data;
