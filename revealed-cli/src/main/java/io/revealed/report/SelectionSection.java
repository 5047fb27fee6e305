package io.revealed.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The periodic greedy evaluations of a training run that keeps its best policy
 * ({@code selection.csv}: {@code env_steps,mean_return}), with the evaluation it kept
 * ({@code selected_at_step} and {@code selected_mean_return} of {@code metrics.json}).
 */
public final class SelectionSection implements Section {
    private final RunData run;
    private final CsvTable evaluations;

    private SelectionSection(RunData run, CsvTable evaluations) {
        this.run = run;
        this.evaluations = evaluations;
    }

    /** The section for a run folder with a {@code selection.csv}, or nothing. */
    public static Optional<Section> of(RunData run) {
        CsvTable t = run.selection();
        if (t == null) return Optional.empty();
        if (t.column("env_steps") != 0 || t.column("mean_return") < 0)
            throw new ReportException(t.file() + ": expected the columns env_steps,mean_return, got " + String.join(",", t.header()));
        return t.rows().isEmpty() ? Optional.empty() : Optional.of(new SelectionSection(run, t));
    }

    @Override
    public String id() { return "selection"; }

    @Override
    public String title() { return "Which policy the run kept"; }

    @Override
    public void render(Page page) {
        double[] steps = evaluations.numbers(0), means = evaluations.numbers(evaluations.column("mean_return"));
        Object at = run.metrics().get("selected_at_step"), mean = run.metrics().get("selected_mean_return");
        page.paragraph("How to read it.", "Every point is the mean return of the greedy policy of that moment over the same"
                + " selection episodes, played apart from training and from the final evaluation. The run returns the policy of the"
                + " highest point" + (at instanceof Number n && mean instanceof Number m
                ? String.format(Locale.ROOT, ", here the one after %,d environment steps (mean %.2f)", n.longValue(), m.doubleValue()) : "")
                + "; the greedy mean in the summary is that policy's return on other episodes.");
        Charts.Series series = new Charts.Series("mean greedy return", steps, means);
        page.figures(List.of(new ChartFigure("selection", "Mean greedy return of the periodic evaluations against the environment steps.",
                Charts.lines("Periodic evaluations", "Environment steps", "Mean return", List.of(series), false), 760, 270)));
    }
}
