/**
 * Demonstrations: {@link io.revealed.data.Trajectory} for tabular MDPs (state and action indices),
 * and {@link io.revealed.data.Episode} / {@link io.revealed.data.EpisodeDataset} for continuous
 * observations with discrete or continuous {@link io.revealed.data.Actions}.
 */
package io.revealed.data;
