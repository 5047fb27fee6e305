package io.revealed.report;

import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;
import org.jfree.svg.ViewBox;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a {@link Figure} into inline SVG or a PNG file from its one drawing routine, and lets a
 * drawing routine attach hover text to the shapes it draws (SVG {@code <title>} elements, which a
 * browser shows as a tooltip; nothing in a PNG).
 *
 * <p>All drawing happens in headless mode: this class sets {@code java.awt.headless} before any
 * AWT class needs it, so reports work on machines without a display.
 */
public final class Figures {
    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /** PNG pixels per CSS pixel: twice the screen size, sharp enough for slides and papers. */
    public static final double PNG_SCALE = 2.0;

    /** The namespace declarations JFreeSVG writes; inline SVG in HTML needs none of them. */
    private static final Pattern XMLNS = Pattern.compile(" xmlns(:[a-zA-Z]+)?='[^']*'");

    private Figures() {}

    /**
     * The figure as an {@code <svg>} element for an HTML page.
     *
     * @param id a name unique on the page: the element's id is {@code id-svg}, and the ids of the
     *     clip paths inside start with {@code id-}, so several figures can share a page
     */
    public static String svg(Figure f, String id) {
        SVGGraphics2D g = new SVGGraphics2D(f.width(), f.height());
        g.setDefsKeyPrefix(id + "-");
        g.setGeomDoubleConverter(Figures::coordinate);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        f.draw(g);
        String svg = g.getSVGElement(id + "-svg", true, new ViewBox(0, 0, f.width(), f.height()), null, null);
        return XMLNS.matcher(svg).replaceAll("");
    }

    /** A coordinate with at most two decimals (a hundredth of a pixel), without trailing zeros. */
    static String coordinate(double d) {
        long hundredths = Math.round(d * 100);
        if (hundredths % 100 == 0) return Long.toString(hundredths / 100);
        String s = BigDecimal.valueOf(hundredths, 2).toPlainString();
        return s.endsWith("0") ? s.substring(0, s.length() - 1) : s;
    }

    /** The figure rasterised at {@code scale} pixels per CSS pixel, on a white background. */
    public static BufferedImage raster(Figure f, double scale) {
        int w = (int) Math.ceil(f.width() * scale), h = (int) Math.ceil(f.height() * scale);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.scale(scale, scale);
            f.draw(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Writes the figure as a PNG file, all or nothing (a temporary file renamed into place). */
    public static void writePng(Figure f, Path file) {
        BufferedImage img = raster(f, PNG_SCALE);
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
        try {
            if (!ImageIO.write(img, "png", tmp.toFile())) throw new IOException("no PNG writer in this Java runtime");
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the hidden temporary file says what it is
            }
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens an SVG group of class {@code cssClass} whose hover text is {@code title}; what is drawn
     * until {@link #endItem} belongs to it. Does nothing when drawing into an image.
     */
    public static void beginItem(Graphics2D g, String cssClass, String title) {
        if (!(g instanceof SVGGraphics2D)) return;
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("class", cssClass);
        g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, attributes);
        if (title != null) g.setRenderingHint(SVGHints.KEY_ELEMENT_TITLE, title);
    }

    /** Closes the group opened by {@link #beginItem}. */
    public static void endItem(Graphics2D g) {
        if (g instanceof SVGGraphics2D) g.setRenderingHint(SVGHints.KEY_END_GROUP, "true");
    }
}
