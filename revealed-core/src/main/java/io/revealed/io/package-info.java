/**
 * Readers and writers of Revealed's file formats (JSON MDP files, reward files, JSONL trajectories
 * and episodes) and importers of other tools' demonstrations (the Python imitation library's
 * {@code .npz} rollouts, Minari-style HDF5). Every reader validates its input and reports the
 * file, line and field of the first bad value through {@link io.revealed.io.InputException}.
 */
package io.revealed.io;
