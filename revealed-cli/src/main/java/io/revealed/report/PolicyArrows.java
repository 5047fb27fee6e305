package io.revealed.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;

/**
 * A grid policy drawn as arrows: in every cell, one arrow per move whose length is the probability
 * of that move (an arrow reaching the cell's edge means certainty), and a dot whose size is the
 * probability of staying. The cells are tinted faintly with a background map (the learned reward)
 * so the arrows can be read against it; every cell's hover text lists all the probabilities.
 *
 * <p>Drawn by hand with Java2D, like {@link GridHeatMap}: charting libraries have no such plot.
 *
 * @param name the figure's name
 * @param caption how to read it
 * @param size the side length of the grid
 * @param probabilities {@code pi(a|s)} at {@code [s * actionNames.size() + a]}
 * @param actionNames names of the actions, in the grid's order: right, down, left, up, stay
 * @param background values drawn faintly under the arrows (null for none)
 * @param scale colours of the background (null for none)
 */
public record PolicyArrows(String name, String caption, int size, double[] probabilities, List<String> actionNames,
                           double[] background, ColorScale scale) implements Figure {
    /** Moves of the grid actions right, down, left, up (stay is drawn as a dot). */
    private static final int[] DX = {1, 0, -1, 0}, DY = {0, 1, 0, -1};
    /** Probabilities below this get no arrow (they are still in the hover text). */
    static final double SMALLEST_DRAWN = 0.05;
    private static final int TOP = 12, LEFT = 6, BOTTOM = 8;

    public PolicyArrows {
        if (actionNames.size() != 5) throw new IllegalArgumentException("grid policies have 5 actions, got " + actionNames.size());
        if (size < 1 || size > GridHeatMap.MAX_SIZE) throw new IllegalArgumentException("grid size must be in [1, " + GridHeatMap.MAX_SIZE + "], got " + size);
        if (probabilities.length != size * size * 5)
            throw new IllegalArgumentException("a policy on a " + size + "x" + size + " grid needs " + size * size * 5 + " probabilities, got " + probabilities.length);
        if ((background == null) != (scale == null)) throw new IllegalArgumentException("a background needs a colour scale and the other way round");
    }

    /** Cells are drawn larger than in the heat maps (about 360 pixels a grid, at least 12 a cell) so the arrows stay visible. */
    private int cell() {
        return Math.max(12, Math.min(48, Math.round(360f / size)));
    }

    @Override
    public int width() {
        return LEFT + size * cell() + 8;
    }

    @Override
    public int height() {
        return TOP + size * cell() + BOTTOM;
    }

    @Override
    public void draw(Graphics2D g) {
        int cell = cell(), A = 5;
        double half = cell / 2.0;
        for (int s = 0; s < size * size; s++) {
            int x = s % size, y = s / size;
            double cx = LEFT + x * cell + half, cy = TOP + y * cell + half;
            Figures.beginItem(g, "cell", tooltip(s));
            Color tint = background == null ? Color.WHITE : fade(scale.color(background[s]));
            g.setColor(tint);
            g.fill(new Rectangle2D.Double(LEFT + x * cell, TOP + y * cell, cell + 0.3, cell + 0.3));
            g.setColor(new Color(0x1b1b1b));
            for (int a = 0; a < 4; a++) {
                double p = probabilities[s * A + a];
                if (p >= SMALLEST_DRAWN) arrow(g, cx, cy, DX[a], DY[a], p * (half - 1.5), cell);
            }
            double stay = probabilities[s * A + 4];
            if (stay >= SMALLEST_DRAWN) {
                double r = Math.max(1.2, Math.sqrt(stay) * half * 0.45);
                g.fill(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
            }
            Figures.endItem(g);
        }
        g.setColor(new Color(0xd8d8d8));
        g.setStroke(new BasicStroke(0.5f));
        for (int i = 1; i < size; i++) {
            g.draw(new Line2D.Double(LEFT + i * cell, TOP, LEFT + i * cell, TOP + size * cell));
            g.draw(new Line2D.Double(LEFT, TOP + i * cell, LEFT + size * cell, TOP + i * cell));
        }
        g.setColor(new Color(0x999999));
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(LEFT, TOP, size * cell, size * cell));
    }

    /** An arrow from the centre of a cell, {@code length} pixels long, with a head in proportion. */
    private static void arrow(Graphics2D g, double cx, double cy, int dx, int dy, double length, int cell) {
        double head = Math.min(length * 0.45, cell * 0.16);
        double ex = cx + dx * length, ey = cy + dy * length;
        g.setStroke(new BasicStroke((float) Math.max(0.8, cell / 22.0), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        g.draw(new Line2D.Double(cx, cy, ex - dx * head * 0.6, ey - dy * head * 0.6));
        Path2D.Double tip = new Path2D.Double();
        tip.moveTo(ex, ey);
        tip.lineTo(ex - dx * head - dy * head * 0.6, ey - dy * head - dx * head * 0.6);
        tip.lineTo(ex - dx * head + dy * head * 0.6, ey - dy * head + dx * head * 0.6);
        tip.closePath();
        g.fill(tip);
    }

    /** The colour two-thirds of the way to white, so arrows stay readable on it. */
    private static Color fade(Color c) {
        return new Color(255 - (255 - c.getRed()) / 3, 255 - (255 - c.getGreen()) / 3, 255 - (255 - c.getBlue()) / 3);
    }

    private String tooltip(int s) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "state %d (x %d, y %d):", s, s % size, s / size));
        for (int a = 0; a < 5; a++)
            b.append(a == 0 ? " " : ", ").append(actionNames.get(a)).append(' ').append(String.format(Locale.ROOT, "%.2f", probabilities[s * 5 + a]));
        return b.toString();
    }
}
