package io.revealed.report;

import java.awt.Graphics2D;

/**
 * One picture on a report page, drawn with Java2D into a {@code width x height} area. The same
 * drawing routine produces the inline SVG of the page (through JFreeSVG's {@code SVGGraphics2D})
 * and the PNG files of {@code --png} (through a {@code BufferedImage}); see {@link Figures}.
 */
public interface Figure {
    /** A short name made of lower-case letters, digits and dashes; the PNG file is named after it. */
    String name();

    /** One or two sentences under the figure that say how to read it. */
    String caption();

    /** Width in CSS pixels. */
    int width();

    /** Height in CSS pixels. */
    int height();

    /** Draws the figure with its top-left corner at (0, 0). */
    void draw(Graphics2D g);
}
