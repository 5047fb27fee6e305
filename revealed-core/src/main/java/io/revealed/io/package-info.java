/**
 * Readers and writers of Revealed's file formats (JSON MDP files, JSONL trajectories, reward
 * files). Every reader validates its input and reports the file, line and field of the first
 * bad value through {@link io.revealed.io.InputException}.
 */
package io.revealed.io;
