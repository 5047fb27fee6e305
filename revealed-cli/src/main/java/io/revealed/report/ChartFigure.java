package io.revealed.report;

import org.jfree.chart.JFreeChart;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.Objects;

/**
 * A JFreeChart chart as a report {@link Figure}: the chart draws itself into the SVG of the page
 * or into a PNG, at the size given here.
 *
 * @param name the figure's name
 * @param caption how to read it
 * @param chart the chart (see {@link Charts} for the ones reports use)
 * @param width width in CSS pixels
 * @param height height in CSS pixels
 */
public record ChartFigure(String name, String caption, JFreeChart chart, int width, int height) implements Figure {
    public ChartFigure {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(chart, "chart");
        if (width < 50 || height < 50) throw new IllegalArgumentException("a chart needs at least 50 x 50 pixels, got " + width + " x " + height);
    }

    @Override
    public void draw(Graphics2D g) {
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    }
}
