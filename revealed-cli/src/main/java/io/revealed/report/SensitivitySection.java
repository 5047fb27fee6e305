package io.revealed.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The results of {@code revealed sensitivity}: for each perturbation of the behavioural model, the
 * STARC distance between the inferred and the true reward against the size of the perturbation,
 * and the normalised regret of acting on the inferred reward, from {@code sensitivity.csv}.
 */
public final class SensitivitySection implements Section {
    private final RunData run;

    private SensitivitySection(RunData run) { this.run = run; }

    /** The section for a sensitivity run, or nothing. */
    public static Optional<Section> of(RunData run) {
        return run.sensitivity() == null ? Optional.empty() : Optional.of(new SensitivitySection(run));
    }

    @Override
    public String id() { return "sensitivity"; }

    @Override
    public String title() { return "Sensitivity to a misspecified behavioural model"; }

    @Override
    public void render(Page page) {
        CsvTable t = run.sensitivity();
        page.paragraph("How to read it.", "Each line is one way the data can differ from what the assumed model "
                + run.metrics().getOrDefault("assumed", "") + " expects, and the x axis how much. The distance is 0 when the inferred reward is"
                + " equivalent to the true one, 0.5 when they are unrelated and 1 when they are opposite; the regret is the share of the optimal"
                + " value lost by acting on the inferred reward.");
        List<Figure> figures = new ArrayList<>();
        int distance = t.column("distance"), regret = t.column("regret_normalized");
        if (distance >= 0) figures.add(chart("sensitivity-distance", "STARC distance", distance,
                "Distance between the inferred and the true reward (" + run.metrics().getOrDefault("distance", "STARC") + ") per perturbation size."));
        if (regret >= 0) figures.add(chart("sensitivity-regret", "Regret / optimal", regret, "Regret of acting on the inferred reward, relative to the optimal value."));
        page.figures(figures);
        List<List<String>> rows = new ArrayList<>();
        for (List<String> r : t.rows()) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                String c = r.get(i);
                try {
                    cells.add(t.header().get(i).equals("perturbation") || t.header().get(i).equals("setting") ? c : Html.number(Double.parseDouble(c)));
                } catch (NumberFormatException e) {
                    cells.add(c);
                }
            }
            rows.add(cells);
        }
        page.table("points", t.header(), rows);
    }

    private Figure chart(String name, String label, int column, String caption) {
        CsvTable t = run.sensitivity();
        Map<String, List<double[]>> byKind = points(t, column);
        List<Charts.Series> series = new ArrayList<>();
        byKind.forEach((kind, pts) -> series.add(new Charts.Series(kind, pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray())));
        return new ChartFigure(name, caption, Charts.lines(label + " against perturbation size", "perturbation size", label, series, false), 470, 300);
    }

    /** (size, value) points per perturbation, in file order. */
    private static Map<String, List<double[]>> points(CsvTable t, int column) {
        int kind = t.column("perturbation"), size = t.column("size");
        double[] sizes = t.numbers(size), values = t.numbers(column);
        Map<String, List<double[]>> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++)
            m.computeIfAbsent(t.rows().get(i).get(kind), k -> new ArrayList<>()).add(new double[]{sizes[i], values[i]});
        return m;
    }

    /** The worst distance of the sweep, in a sentence. */
    static String headline(RunData run) {
        CsvTable t = run.sensitivity();
        int d = t.column("distance"), k = t.column("perturbation"), s = t.column("size");
        if (d < 0 || k < 0 || s < 0 || t.rows().isEmpty()) return "";
        double[] dist = t.numbers(d), size = t.numbers(s);
        int worst = 0;
        for (int i = 1; i < dist.length; i++) if (dist[i] > dist[worst]) worst = i;
        return String.format(Locale.ROOT, "Over %d settings the largest STARC distance between the inferred and the true reward is %s, under the '%s' perturbation of size %s.",
                dist.length, Html.shortNumber(dist[worst]), t.rows().get(worst).get(k), Html.shortNumber(size[worst]));
    }
}
