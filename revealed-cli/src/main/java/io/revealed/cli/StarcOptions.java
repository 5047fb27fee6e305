package io.revealed.cli;

import io.revealed.analysis.Canonicalization;
import io.revealed.analysis.Norm;
import io.revealed.analysis.Starc;
import picocli.CommandLine.Option;

/** {@code --canonicalization C --norm N [--metric M]}: how a command measures STARC distances. */
final class StarcOptions {
    @Option(names = "--canonicalization", defaultValue = "minimal", paramLabel = "C",
            description = "STARC canonicalisation: minimal (the L2-minimal one; default) or val (value-adjusted levelling, uniform policy; needs discount < 1).")
    String canonicalization;

    @Option(names = "--norm", defaultValue = "l2", paramLabel = "N", description = "STARC norm of the canonical rewards: l1, l2 (default) or linf.")
    String norm;

    @Option(names = "--metric", paramLabel = "M", description = "STARC metric between standardised rewards: l1, l2 or linf (default: the --norm).")
    String metric;

    Starc.Options toOptions() {
        try {
            Norm n = Norm.parse(norm);
            return new Starc.Options(Canonicalization.parse(canonicalization), n, metric == null ? n : Norm.parse(metric));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }
}
