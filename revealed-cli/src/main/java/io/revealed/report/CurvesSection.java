package io.revealed.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Learning curves from {@code curves.csv}: one chart per column against the first column
 * (iteration, step or environment step), with one line per run when several runs share the page.
 * Columns that shrink over orders of magnitude (feature gaps, losses) get a logarithmic axis; the
 * episode returns of a single run get a moving average on top.
 */
public final class CurvesSection implements Section {
    /** Episodes averaged by the moving average of a return curve. */
    static final int WINDOW = 20;

    /** What each known column shows, for the captions. */
    static final Map<String, String> MEANINGS = Map.of(
            "objective", "The objective the algorithm minimises (for MCE and MaxEnt IRL the demonstrations' negative log-likelihood plus the L2 term).",
            "relative_feature_gap", "How far the policy's feature expectations are from the demonstrations', divided by the visitation of one episode: IRL drives it towards 0.",
            "evd", "Expected value difference of the reward learned so far: the true value lost by acting optimally for it (0 is perfect).",
            "episode_return", "The return of every training episode, at the environment step where it ended.",
            "loss", "The training loss, averaged over the steps since the previous point.");

    private final List<RunData> runs;

    private CurvesSection(List<RunData> runs) { this.runs = runs; }

    /** The section for the runs that have curves, or nothing when none has. */
    public static Optional<Section> of(List<RunData> runs) {
        List<RunData> with = runs.stream().filter(r -> r.curves() != null && r.curves().header().size() >= 2 && !r.curves().rows().isEmpty()).toList();
        return with.isEmpty() ? Optional.empty() : Optional.of(new CurvesSection(with));
    }

    @Override
    public String id() { return "curves"; }

    @Override
    public String title() { return "Learning curves"; }

    @Override
    public void render(Page page) {
        String xName = runs.get(0).curves().header().get(0);
        Set<String> columns = new LinkedHashSet<>();
        for (RunData r : runs) columns.addAll(r.curves().header().subList(1, r.curves().header().size()));
        List<Figure> figures = new ArrayList<>();
        for (String column : columns) {
            List<Charts.Series> series = new ArrayList<>();
            boolean positive = true;
            double lo = Double.POSITIVE_INFINITY, hi = 0;
            for (RunData r : runs) {
                CsvTable c = r.curves();
                int k = c.column(column);
                if (k < 0) continue;
                double[] x = c.numbers(0), y = c.numbers(k);
                for (double v : y) {
                    if (Double.isNaN(v)) continue;
                    if (v <= 0) positive = false;
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                series.add(new Charts.Series(runs.size() == 1 ? pretty(column) : r.label(), x, y));
                if (runs.size() == 1 && column.equals("episode_return") && y.length > 3 * WINDOW)
                    series.add(new Charts.Series("mean of the last " + WINDOW + " episodes", x, movingAverage(y, WINDOW)));
            }
            boolean log = positive && hi > 0 && lo < Double.POSITIVE_INFINITY && hi / lo >= 100;
            String caption = MEANINGS.getOrDefault(column, pretty(column) + " per " + pretty(xName).toLowerCase(java.util.Locale.ROOT) + ".")
                    + (log ? " Logarithmic axis." : "");
            figures.add(new ChartFigure("curve-" + column.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-"), caption,
                    Charts.lines(pretty(column), pretty(xName), pretty(column), series, log), columns.size() == 1 ? 760 : 350, 270));
        }
        page.figures(figures);
    }

    /** A column name as a label: {@code relative_feature_gap} becomes "Relative feature gap", {@code evd} "EVD". */
    static String pretty(String column) {
        if (column.equalsIgnoreCase("evd")) return "EVD";
        String s = column.replace('_', ' ').trim();
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The mean of the last {@code window} finite values up to each point (fewer at the start). */
    static double[] movingAverage(double[] y, int window) {
        double[] m = new double[y.length];
        double sum = 0;
        int count = 0;
        java.util.ArrayDeque<Double> last = new java.util.ArrayDeque<>();
        for (int i = 0; i < y.length; i++) {
            if (Double.isFinite(y[i])) {
                last.addLast(y[i]);
                sum += y[i];
                count++;
                if (count > window) {
                    sum -= last.removeFirst();
                    count--;
                }
            }
            m[i] = count == 0 ? Double.NaN : sum / count;
        }
        return m;
    }
}
