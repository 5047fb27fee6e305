package io.revealed.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;

/**
 * A map from numbers to colours by interpolation between evenly spaced colour stops, with its
 * legend (a colour bar with labelled ticks). A value {@code v} sits at position
 * {@code ((v - min) / (max - min))^gamma} along the stops: {@code gamma = 1} is linear, and
 * {@code gamma < 1} (a root scale) spreads out the small values, so that states visited
 * rarely still show next to one visited most of the time. Values outside {@code [min, max]} take
 * the colour of the nearer end.
 *
 * @param min the value drawn in the first stop's colour
 * @param max the value drawn in the last stop's colour
 * @param stops at least two colours, from {@code min} to {@code max}
 * @param label what the values are, written beside the legend
 * @param gamma the exponent of the scale, in (0, 1]
 */
public record ColorScale(double min, double max, Color[] stops, String label, double gamma) {
    /** Blue for negative, near-white for zero, red for positive (a diverging scale). */
    private static final Color[] DIVERGING = {
            new Color(0x1f4e9a), new Color(0x6a9fd4), new Color(0xf6f6f6), new Color(0xe5836b), new Color(0xa81e2d)};
    /** From white (nothing) to dark blue (most) (a sequential scale). */
    private static final Color[] SEQUENTIAL = {
            new Color(0xffffff), new Color(0xcfe1f2), new Color(0x7fb2da), new Color(0x3a7dbd), new Color(0x0c3d7a)};

    public ColorScale {
        if (!(max > min)) throw new IllegalArgumentException("a colour scale needs max > min, got [" + min + ", " + max + "]");
        if (stops.length < 2) throw new IllegalArgumentException("a colour scale needs at least two colours");
        if (!(gamma > 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
        stops = stops.clone();
    }

    /** A diverging scale from {@code -limit} (blue) through 0 (white) to {@code +limit} (red). */
    public static ColorScale diverging(double limit, String label) {
        return new ColorScale(-limit, limit, DIVERGING, label, 1);
    }

    /**
     * A cube-root scale from 0 (white) to {@code max} (dark blue), for visitation: a demonstrator
     * that spends most of its time in one state still shows the path it took there. A max of 0
     * becomes 1.
     */
    public static ColorScale sequential(double max, String label) {
        return new ColorScale(0, max > 0 ? max : 1, SEQUENTIAL, label, 1.0 / 3);
    }

    /** Where {@code v} sits along the scale, from 0 (min) to 1 (max). */
    double position(double v) {
        double t = Math.max(0, Math.min(1, (v - min) / (max - min)));
        return gamma == 1 ? t : Math.pow(t, gamma);
    }

    /** The value at position {@code p} along the scale (the inverse of {@link #position}). */
    double valueAt(double p) {
        return min + (max - min) * (gamma == 1 ? p : Math.pow(p, 1 / gamma));
    }

    /** The colour of {@code v}; NaN is drawn light grey. */
    public Color color(double v) {
        if (Double.isNaN(v)) return new Color(0xdddddd);
        double t = position(v) * (stops.length - 1);
        int i = Math.min((int) t, stops.length - 2);
        double f = t - i;
        Color a = stops[i], b = stops[i + 1];
        return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f), mix(a.getBlue(), b.getBlue(), f));
    }

    /** Black or white, whichever reads better on {@code background}. */
    public static Color ink(Color background) {
        double luminance = 0.2126 * background.getRed() + 0.7152 * background.getGreen() + 0.0722 * background.getBlue();
        return luminance > 140 ? new Color(0x222222) : Color.WHITE;
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    /** Width the legend needs, in pixels, for {@link #drawLegend}. */
    public static final int LEGEND_WIDTH = 86;

    /**
     * Draws a vertical colour bar of height {@code h} at ({@code x}, {@code y}), the label 8 pixels
     * above it, and ticks at the ends and the middle (which is 0 for a diverging scale).
     */
    public void drawLegend(Graphics2D g, double x, double y, double h, Font font) {
        double barWidth = 14;
        int steps = 64;
        for (int i = 0; i < steps; i++) {
            g.setColor(color(valueAt(1 - (i + 0.5) / steps)));
            g.fill(new Rectangle2D.Double(x, y + h * i / steps, barWidth, h / steps + 0.6));
        }
        g.setColor(new Color(0x888888));
        g.draw(new Rectangle2D.Double(x, y, barWidth, h));
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        g.setColor(new Color(0x222222));
        g.drawString(label, (float) x, (float) (y - 8));
        double[] ticks = {max, valueAt(0.5), min};
        for (double t : ticks) {
            double ty = y + h * (1 - position(t));
            g.setColor(new Color(0x555555));
            g.draw(new Line2D.Double(x + barWidth, ty, x + barWidth + 4, ty));
            g.setColor(new Color(0x222222));
            g.drawString(Html.shortNumber(t), (float) (x + barWidth + 6), (float) (ty + fm.getAscent() / 2.0 - 1));
        }
    }
}
