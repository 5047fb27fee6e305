package io.revealed.analysis;

/**
 * A canonicalised reward, stored compactly. The full object is a table over every (s, a, s'), but
 * the canonicalisations of this package are either constant in s' ({@link Support#STATE_ACTION}:
 * {@code values[s*A+a]}, standing for S equal entries each) or zero outside the MDP's possible
 * transitions ({@link Support#TRANSITIONS}: one value per entry of the MDP's CSR arrays). Norms of
 * the compact vector equal the norms of the full table.
 */
public record CanonicalReward(Support support, double[] values, int states) {
    public enum Support { STATE_ACTION, TRANSITIONS }

    /** How many entries of the full table each stored value stands for. */
    public double multiplicity() { return support == Support.STATE_ACTION ? states : 1; }

    public double norm(Norm n) { return n.of(values, multiplicity()); }
}
