package io.revealed.report;

import io.revealed.env.TabularEnvironment;
import io.revealed.irl.Demonstrations;
import io.revealed.mdp.TabularMdp;
import io.revealed.planning.Occupancy;
import io.revealed.planning.PlanningOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the expert goes and where the learned policy goes: the demonstrations' empirical state
 * visitation ({@link Demonstrations#visitation}) next to the learned policy's expected visitation
 * from the demonstrations' start states ({@link Occupancy#visitation}), both with the MDP's
 * discount and horizon, each as shares of its total, on one colour scale; and their total
 * variation distance. Maps on a grid, bars or lines per state otherwise.
 */
public final class VisitationSection implements Section {
    private final RunData run;

    private VisitationSection(RunData run) { this.run = run; }

    /** The section for a run with per-state data and either its demonstrations or its whole policy, or nothing. */
    public static Optional<Section> of(RunData run) {
        RunData.Tabular t = run.tabular();
        return t == null || (t.demos() == null && t.policy() == null) ? Optional.empty() : Optional.of(new VisitationSection(run));
    }

    @Override
    public String id() { return "visitation"; }

    @Override
    public String title() { return "Where the expert goes, where the learned policy goes"; }

    @Override
    public void render(Page page) {
        RunData.Tabular t = run.tabular();
        TabularMdp mdp = t.mdp();
        int S = mdp.states();
        List<String> names = new ArrayList<>();
        List<double[]> shares = new ArrayList<>();
        if (t.demos() != null && !t.demos().isEmpty()) {
            names.add("expert (" + t.demos().size() + " demonstrations)");
            shares.add(StateValues.shares(Demonstrations.visitation(mdp, t.demos())));
        }
        if (t.policy() != null) {
            double[] start = t.demos() != null && !t.demos().isEmpty() ? Demonstrations.startDistribution(mdp, t.demos()) : mdp.initial();
            try {
                shares.add(StateValues.shares(Occupancy.visitation(mdp, t.policy(), start, new PlanningOptions()).decision()));
                names.add("learned policy");
            } catch (RuntimeException e) {
                page.note("The learned policy's visitation cannot be computed: " + e.getMessage());
            }
        }
        if (shares.isEmpty()) return;
        TabularEnvironment env = t.env();
        boolean grid = env.gridShaped() && env.gridSize() <= GridHeatMap.MAX_SIZE;
        page.paragraph("How to read it.", (grid ? "Darker states are visited more. Each map" : "Each bar") + " is the share of all (discounted) time"
                + " steps spent in a state: by the demonstrators, and in expectation by the learned policy started where the demonstrations"
                + " start. Where the two differ, the learned reward leads somewhere else than the expert went.");
        if (shares.size() == 2)
            page.paragraph(String.format(Locale.ROOT, "Total variation distance between the two: %.3f (0 means they spend their time in the same"
                    + " states in the same proportions, 1 that they never meet).", StateValues.totalVariation(shares.get(0), shares.get(1))));
        double max = 0;
        for (double[] v : shares) for (double x : v) max = Math.max(max, x);
        String caption = grid ? "Share of the visits per state; both maps share one colour scale, a cube-root one so that rarely visited states still show."
                : "Share of the visits per state.";
        if (grid) {
            int n = env.gridSize();
            List<GridHeatMap.Panel> panels = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String[] tips = new String[S];
                for (int s = 0; s < S; s++)
                    tips[s] = String.format(Locale.ROOT, "%s, state %d (x %d, y %d): %.2f%% of the visits", names.get(i), s, s % n, s / n, 100 * shares.get(i)[s]);
                panels.add(new GridHeatMap.Panel(names.get(i), shares.get(i), tips));
            }
            page.figure(new GridHeatMap("visitation-map", caption, n, panels, ColorScale.sequential(max, "share of visits")));
        } else {
            page.figure(StateValues.perState("visitation", caption, "Visitation per state", "share of visits", names, shares));
        }
    }
}
