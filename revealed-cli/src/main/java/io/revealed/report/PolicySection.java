package io.revealed.report;

import io.revealed.env.TabularEnvironment;
import io.revealed.mdp.TabularMdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The learned policy: arrows on a grid (an arrow's length is the probability of that move, a dot
 * the probability of staying), or without a grid a stacked bar of action probabilities per state.
 * A time-indexed policy is drawn at its first step.
 */
public final class PolicySection implements Section {
    private final RunData run;

    private PolicySection(RunData run) { this.run = run; }

    /** The section for a run with per-state data, or nothing. */
    public static Optional<Section> of(RunData run) {
        return run.tabular() == null ? Optional.empty() : Optional.of(new PolicySection(run));
    }

    @Override
    public String id() { return "policy"; }

    @Override
    public String title() { return "Learned policy"; }

    @Override
    public void render(Page page) {
        RunData.Tabular t = run.tabular();
        TabularMdp mdp = t.mdp();
        TabularEnvironment env = t.env();
        int S = mdp.states(), A = mdp.actions();
        String when = mdp.finiteHorizon() ? "at the first step (t = 0) of the " + mdp.horizon().getAsInt() + "-step horizon" : "(stationary)";
        if (env.gridShaped() && env.gridSize() <= GridHeatMap.MAX_SIZE && A == 5) {
            List<String> actions = new ArrayList<>();
            for (int a = 0; a < A; a++) actions.add(env.actionName(a));
            page.paragraph("How to read it.", "In every cell an arrow points along each move the policy makes, and its length is the move's"
                    + " probability: an arrow that reaches the edge of the cell is certain. A dot means staying, larger when more likely."
                    + " Moves less likely than " + (int) Math.round(PolicyArrows.SMALLEST_DRAWN * 100) + "% are left out (hover over a cell for all"
                    + " of them). The cells are tinted with the standardised learned reward, red rewarding and blue costly.");
            double[] tint = StateValues.standardise(StateValues.stateReward(t.learned(), mdp));
            page.figure(new PolicyArrows("policy", "The policy induced by the learned reward under " + run.algorithm() + "'s model of the demonstrator, " + when + ".",
                    env.gridSize(), t.firstStep(), actions, tint, ColorScale.diverging(1, "standardised reward")));
        } else if (S <= RewardMapSection.MAX_BARS) {
            List<String> actions = new ArrayList<>(), states = new ArrayList<>();
            for (int a = 0; a < A; a++) actions.add(env.actionName(a));
            for (int s = 0; s < S; s++) states.add(Integer.toString(s));
            double[][] p = new double[A][S];
            for (int s = 0; s < S; s++)
                for (int a = 0; a < A; a++) p[a][s] = t.firstStep()[s * A + a];
            page.paragraph("How to read it.", "Each bar is one state; its coloured parts are the probabilities of the actions there and add up to 1.");
            page.figure(new ChartFigure("policy-bars", "Action probabilities of the learned policy per state, " + when + ".",
                    Charts.bars("Learned policy", "state", "probability", actions, states, p, true),
                    Math.max(420, Math.min(1100, 80 + S * 22)), 300));
        } else {
            page.note("The policy is drawn on grids of up to " + GridHeatMap.MAX_SIZE + " x " + GridHeatMap.MAX_SIZE + " cells and for up to "
                    + RewardMapSection.MAX_BARS + " states otherwise; this run has " + S + " states (see policy.json).");
        }
    }
}
