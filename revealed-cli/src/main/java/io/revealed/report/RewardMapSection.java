package io.revealed.report;

import io.revealed.env.TabularEnvironment;
import io.revealed.mdp.TabularMdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The true and the learned reward side by side, on one colour scale after standardising each
 * (mean zero, largest absolute value one; see {@link StateValues#standardise}). On a grid they are
 * heat maps with a tooltip per cell; without a grid, bars per state (up to {@link #MAX_BARS} states)
 * or lines over the state index. With several runs of one environment, every run's learned reward
 * joins the row.
 */
public final class RewardMapSection implements Section {
    /** States drawn as bars; more are drawn as lines over the state index. */
    static final int MAX_BARS = 40;

    private final List<RunData> runs;

    private RewardMapSection(List<RunData> runs) { this.runs = runs; }

    /** The section for the runs that have per-state data, or nothing when none has. */
    public static Optional<Section> of(List<RunData> runs) {
        List<RunData> tabular = runs.stream().filter(r -> r.tabular() != null).toList();
        return tabular.isEmpty() ? Optional.empty() : Optional.of(new RewardMapSection(tabular));
    }

    @Override
    public String id() { return "reward"; }

    @Override
    public String title() { return "Reward: true and learned"; }

    @Override
    public void render(Page page) {
        RunData.Tabular first = runs.get(0).tabular();
        TabularMdp mdp = first.mdp();
        int S = mdp.states();
        List<String> names = new ArrayList<>();
        List<double[]> raw = new ArrayList<>();
        if (mdp.reward() != null) {
            names.add("true reward");
            raw.add(StateValues.stateReward(mdp.reward(), mdp));
        }
        for (RunData r : runs) {
            names.add(runs.size() == 1 ? "learned (" + r.algorithm() + ")" : r.label() + " (" + r.algorithm() + ")");
            raw.add(StateValues.stateReward(r.tabular().learned(), r.tabular().mdp()));
        }
        List<double[]> shown = raw.stream().map(StateValues::standardise).toList();
        TabularEnvironment env = first.env();
        boolean grid = env.gridShaped() && env.gridSize() <= GridHeatMap.MAX_SIZE;
        page.paragraph("How to read it.", (grid ? "Red states are rewarding and blue ones costly." : "States above zero are rewarding and below zero costly.")
                + " IRL can recover a reward only up to a shift,"
                + " a positive scale and potential shaping, so each reward is standardised before it is drawn: its mean over the states is"
                + " subtracted and it is divided by its largest absolute value, which puts every map on the same scale from -1 to 1."
                + " Compare where the rewards are high and low, not their raw numbers" + (grid ? " (hover over a cell for both)" : "") + ". Shaping is not removed:"
                + " for a distance that ignores it, use revealed compare (STARC, EPIC).");
        StringBuilder ranges = new StringBuilder("Raw ranges: ");
        for (int i = 0; i < names.size(); i++) {
            double[] mm = StateValues.range(raw.get(i));
            ranges.append(i == 0 ? "" : "; ").append(names.get(i)).append(" from ").append(Html.shortNumber(mm[0])).append(" to ").append(Html.shortNumber(mm[1]));
        }
        if (mdp.reward() != null)
            for (int i = 1; i < names.size(); i++) {
                double c = StateValues.correlation(raw.get(0), raw.get(i));
                ranges.append(i == 1 ? ". Correlation with the true reward over the states: " : ", ").append(names.size() > 2 ? names.get(i) + " " : "")
                        .append(Double.isNaN(c) ? "undefined (a constant reward)" : String.format(Locale.ROOT, "%.3f", c));
            }
        page.paragraph(ranges + ".");
        String caption = (mdp.reward() != null ? (grid ? "The true reward (left) and the learned one, " : "The true reward and the learned one, ") : "The learned reward, ")
                + "each standardised to mean 0 and largest absolute value 1.";
        if (grid) {
            int n = env.gridSize();
            List<GridHeatMap.Panel> panels = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String[] tips = new String[S];
                for (int s = 0; s < S; s++)
                    tips[s] = String.format(Locale.ROOT, "%s, state %d (x %d, y %d): %s standardised, %s raw", names.get(i), s, s % n, s / n,
                            Html.shortNumber(shown.get(i)[s]), Html.shortNumber(raw.get(i)[s]));
                panels.add(new GridHeatMap.Panel(names.get(i), shown.get(i), tips));
            }
            page.figure(new GridHeatMap("reward-map", caption + " State s is the cell x = s mod " + n + ", y = s div " + n + ", with (0, 0) at the top left.",
                    n, panels, ColorScale.diverging(1, "standardised reward")));
        } else {
            page.figure(StateValues.perState("reward", caption, "Reward per state", "standardised reward", names, shown));
        }
    }
}
