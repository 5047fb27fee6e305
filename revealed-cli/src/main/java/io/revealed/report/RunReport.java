package io.revealed.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The report of a run folder, and of several runs side by side. The page of one run is made of
 * the sections in {@link #SECTIONS} that have something to show for it: a new kind of run brings
 * its own {@link Section} class and one line here, and no other section changes.
 */
public final class RunReport {
    private RunReport() {}

    /** Every section a one-run page can have, in page order; each one is absent when the run has nothing for it. */
    static final List<Function<RunData, Optional<Section>>> SECTIONS = List.of(
            run -> Optional.of(new SummarySection(run)),
            run -> RewardMapSection.of(List.of(run)),
            PolicySection::of,
            VisitationSection::of,
            run -> CurvesSection.of(List.of(run)),
            SelectionSection::of,
            SensitivitySection::of,
            run -> Optional.of(new MetricsSection(run)));

    /** The page of one run. */
    public static Report of(RunData run) {
        Report report = new Report(title(run), "Run folder " + run.folder().toAbsolutePath().normalize()
                + ", written by revealed " + run.command() + " at " + run.config().getOrDefault("created", "an unknown time") + ".");
        for (Function<RunData, Optional<Section>> s : SECTIONS) s.apply(run).ifPresent(report::add);
        return report;
    }

    /**
     * One page with several runs of the same environment: their metrics in one table, their reward
     * maps in one row (after the true reward) and their curves on shared charts.
     *
     * @throws ReportException when the runs are not all of one environment (with the same discount and horizon)
     */
    public static Report sideBySide(List<RunData> runs) {
        if (runs.size() < 2) throw new IllegalArgumentException("a side-by-side page needs at least two runs");
        RunData first = runs.get(0);
        for (RunData r : runs.subList(1, runs.size())) {
            if (!environmentKey(r).equals(environmentKey(first)))
                throw new ReportException(r.folder() + " is a run on " + describe(r) + " and " + first.folder() + " on " + describe(first)
                        + "; runs side by side must share one environment, since their reward maps are drawn on the same states");
        }
        Report report = new Report(runs.size() + " runs on " + first.env(), "Side by side: " + String.join(", ", runs.stream().map(RunData::label).toList()) + ".");
        report.add(new RunsSection(runs));
        RewardMapSection.of(runs).ifPresent(report::add);
        CurvesSection.of(runs).ifPresent(report::add);
        return report;
    }

    /** The environment spec (canonical), discount and horizon of a run: runs side by side must agree on all three. */
    private static String environmentKey(RunData r) {
        return RunData.canonicalEnv(r.env()) + "|" + r.config().get("discount") + "|" + r.config().get("horizon");
    }

    private static String describe(RunData r) {
        Object g = r.config().get("discount");
        return g == null ? r.env() : r.env() + " (discount " + Html.value(g) + ", horizon " + Objects.requireNonNullElse(r.config().get("horizon"), "none") + ")";
    }

    /** A heading that says what the run is. */
    static String title(RunData run) {
        String algo = run.algorithm(), env = run.env();
        return switch (run.command()) {
            case "sensitivity" -> "Sensitivity of " + run.metrics().getOrDefault("assumed", "reward inference") + " on " + env;
            case "train-expert" -> "Expert trained by " + algo + " on " + env;
            default -> algo.equals("bc") ? "Behavioural cloning on " + env : "Reward learned by " + algo + " on " + env;
        };
    }
}
