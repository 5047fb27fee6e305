package io.revealed.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Objects;

/**
 * Values on the cells of a square grid, drawn as coloured squares: one or more panels side by side
 * on one shared {@link ColorScale}, with the scale's legend on the right. Every cell carries its
 * own hover text (an SVG {@code <title>} in a group of class {@code cell}), so the exact value is
 * one mouse move away. State {@code s} is the cell {@code x = s % size}, {@code y = s / size},
 * drawn with (0, 0) at the top left, as the grid environments number their cells.
 *
 * <p>Drawn by hand with Java2D: no charting library on Maven Central draws a grid of squares with a
 * tooltip per cell into SVG. The drawing costs O(panels x size^2).
 *
 * @param name the figure's name (see {@link Figure#name()})
 * @param caption how to read it
 * @param size the side length of the grid
 * @param panels what to draw, left to right
 * @param scale the colours, shared by every panel
 */
public record GridHeatMap(String name, String caption, int size, List<Panel> panels, ColorScale scale) implements Figure {
    /**
     * One grid of values.
     *
     * @param title written above the grid
     * @param values one per cell, {@code size * size} of them
     * @param tooltips the hover text of each cell, one per cell
     */
    public record Panel(String title, double[] values, String[] tooltips) {
        public Panel {
            Objects.requireNonNull(title, "title");
            if (values.length != tooltips.length)
                throw new IllegalArgumentException(values.length + " values but " + tooltips.length + " tooltips");
        }
    }

    /** The largest grid drawn cell by cell (64 x 64 = 4,096 cells per panel). */
    public static final int MAX_SIZE = 64;

    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 12);
    static final Font SMALL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final int TOP = 30, LEFT = 6, GAP = 26, BOTTOM = 8, MIN_HEIGHT = 170;

    public GridHeatMap {
        if (size < 1 || size > MAX_SIZE) throw new IllegalArgumentException("grid size must be in [1, " + MAX_SIZE + "], got " + size);
        if (panels.isEmpty()) throw new IllegalArgumentException("a heat map needs at least one panel");
        panels = List.copyOf(panels);
        for (Panel p : panels)
            if (p.values().length != size * size)
                throw new IllegalArgumentException("panel '" + p.title() + "' has " + p.values().length + " values for " + size * size + " cells");
    }

    /** Side of one cell in pixels: grids of every size come out about 260 pixels wide. */
    static int cellSize(int size) {
        return Math.max(5, Math.min(36, Math.round(264f / size)));
    }

    private int panelWidth() {
        int w = size * cellSize(size);
        for (Panel p : panels) w = Math.max(w, textWidth(p.title(), TITLE_FONT) + 4);
        return w;
    }

    @Override
    public int width() {
        return LEFT + panels.size() * (panelWidth() + GAP) + Math.max(ColorScale.LEGEND_WIDTH, textWidth(scale.label(), SMALL_FONT) + 6);
    }

    @Override
    public int height() {
        return Math.max(MIN_HEIGHT, TOP + size * cellSize(size) + BOTTOM);
    }

    @Override
    public void draw(Graphics2D g) {
        int cell = cellSize(size), grid = size * cell, slot = panelWidth();
        for (int k = 0; k < panels.size(); k++) {
            Panel p = panels.get(k);
            double x0 = LEFT + k * (slot + GAP) + (slot - grid) / 2.0, y0 = TOP;
            g.setFont(TITLE_FONT);
            g.setColor(new Color(0x222222));
            FontMetrics fm = g.getFontMetrics();
            g.drawString(p.title(), (float) (LEFT + k * (slot + GAP) + (slot - fm.stringWidth(p.title())) / 2.0), (float) (TOP - 10));
            drawCells(g, p, x0, y0, cell);
        }
        scale.drawLegend(g, LEFT + panels.size() * (slot + GAP) + 4, TOP + 12, Math.min(grid, 200) - 12, SMALL_FONT);
    }

    private void drawCells(Graphics2D g, Panel p, double x0, double y0, int cell) {
        double[] v = p.values();
        for (int s = 0; s < v.length; s++) {
            int x = s % size, y = s / size;
            Figures.beginItem(g, "cell", p.tooltips()[s]);
            g.setColor(scale.color(v[s]));
            // A hair wider than the cell, so no background shows between neighbours.
            g.fill(new Rectangle2D.Double(x0 + x * cell, y0 + y * cell, cell + 0.3, cell + 0.3));
            Figures.endItem(g);
        }
        g.setStroke(new BasicStroke(cell >= 12 ? 0.6f : 0.3f));
        if (cell >= 12) {
            g.setColor(new Color(255, 255, 255, 150));
            for (int i = 1; i < size; i++) {
                g.draw(new java.awt.geom.Line2D.Double(x0 + i * cell, y0, x0 + i * cell, y0 + size * cell));
                g.draw(new java.awt.geom.Line2D.Double(x0, y0 + i * cell, x0 + size * cell, y0 + i * cell));
            }
        }
        g.setColor(new Color(0x999999));
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(x0, y0, size * cell, size * cell));
    }

    /** Width of {@code text} in {@code font}, measured without a drawing surface. */
    static int textWidth(String text, Font font) {
        return (int) Math.ceil(font.getStringBounds(text, new java.awt.font.FontRenderContext(null, true, true)).getWidth());
    }
}
