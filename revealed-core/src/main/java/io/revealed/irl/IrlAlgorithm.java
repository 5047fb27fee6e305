package io.revealed.irl;

import io.revealed.data.Trajectory;
import io.revealed.mdp.TabularMdp;

import java.util.List;

/** A tabular IRL algorithm. Implementations are immutable and hold their options. */
public interface IrlAlgorithm {
    /** The name used by {@code revealed learn --algo}. */
    String name();

    /**
     * Learns a reward from demonstrations. The MDP's own reward, if any, is not looked at.
     *
     * @param listener told about every iteration (may be {@link IrlListener#NONE})
     */
    IrlResult fit(TabularMdp mdp, List<Trajectory> demos, IrlListener listener);
}
