package io.revealed.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.util.List;
import java.util.Objects;

/**
 * The JFreeChart charts of the reports, all in one plain style: white background, light grid,
 * a colour-blind-safe palette (Okabe and Ito), sans-serif text, a legend only when there are
 * several series.
 */
public final class Charts {
    private Charts() {}

    /** Series colours: the Okabe–Ito palette, which stays distinct for colour-blind readers. */
    static final Color[] PALETTE = {
            new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};

    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Color GRID = new Color(0xe3e3e3);

    /**
     * One line of an XY chart; non-finite points are left out.
     *
     * @param name the legend entry
     * @param x the x values
     * @param y the y values, as many as x
     */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            Objects.requireNonNull(name, "name");
            if (x.length != y.length) throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values, " + y.length + " y values");
        }
    }

    /**
     * Lines through points, one per series. Points are marked when a series has at most
     * {@code 60} of them; with {@code logY} the y axis is logarithmic (use it only for positive data).
     */
    public static JFreeChart lines(String title, String xLabel, String yLabel, List<Series> series, boolean logY) {
        XYSeriesCollection data = new XYSeriesCollection();
        int longest = 0;
        double smallest = Double.POSITIVE_INFINITY;
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.x().length; i++)
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i]) && (!logY || s.y()[i] > 0)) {
                    xy.add(s.x()[i], s.y()[i]);
                    smallest = Math.min(smallest, Math.abs(s.y()[i]));
                }
            longest = Math.max(longest, xy.getItemCount());
            data.addSeries(xy);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, longest <= 60);
        renderer.setDrawSeriesLineAsPath(true);
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            renderer.setSeriesStroke(i, new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        ValueAxis y;
        if (logY) {
            LogAxis log = new LogAxis(yLabel);
            log.setSmallestValue(1e-300);
            log.setStandardTickUnits(NumberAxis.createIntegerTickUnits(java.util.Locale.ROOT)); // ticks at whole powers of ten
            log.setNumberFormatOverride(new java.text.DecimalFormat(smallest >= 1e-4 ? "0.#####" : "0.#E0",
                    java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)));
            y = log;
        } else {
            NumberAxis n = new NumberAxis(yLabel);
            n.setAutoRangeIncludesZero(false);
            y = n;
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        style(plot);
        return finish(new JFreeChart(title, TITLE, plot, series.size() > 1));
    }

    /**
     * Bars per category, one bar per series side by side, or stacked into one bar with
     * {@code stacked} (for probabilities that add up to 1).
     *
     * @param values {@code values[series][category]}
     */
    public static JFreeChart bars(String title, String categoryLabel, String valueLabel, List<String> seriesNames,
                                  List<String> categories, double[][] values, boolean stacked) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int s = 0; s < seriesNames.size(); s++)
            for (int c = 0; c < categories.size(); c++) data.addValue(values[s][c], seriesNames.get(s), categories.get(c));
        BarRenderer renderer = stacked ? new StackedBarRenderer() : new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.02);
        renderer.setDrawBarOutline(false);
        for (int i = 0; i < seriesNames.size(); i++) renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        CategoryAxis x = new CategoryAxis(categoryLabel);
        x.setCategoryMargin(0.15);
        if (categories.size() > 12) x.setCategoryLabelPositions(CategoryLabelPositions.UP_90);
        NumberAxis y = new NumberAxis(valueLabel);
        if (stacked) y.setRange(0, 1);
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlineVisible(false);
        plot.setInsets(new RectangleInsets(4, 4, 4, 10));
        for (var axis : new org.jfree.chart.axis.Axis[]{x, y}) {
            axis.setLabelFont(LABEL);
            axis.setTickLabelFont(TICK);
        }
        return finish(new JFreeChart(title, TITLE, plot, seriesNames.size() > 1));
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(0.8f));
        plot.setRangeGridlineStroke(new BasicStroke(0.8f));
        plot.setOutlineVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setInsets(new RectangleInsets(4, 4, 4, 12));
        for (ValueAxis axis : new ValueAxis[]{plot.getDomainAxis(), plot.getRangeAxis()}) {
            axis.setLabelFont(LABEL);
            axis.setTickLabelFont(TICK);
            axis.setAxisLinePaint(new Color(0x999999));
        }
    }

    private static JFreeChart finish(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(6, 4, 4, 4));
        TextTitle t = chart.getTitle();
        if (t != null) t.setPaint(new Color(0x222222));
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(TICK);
            legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
            legend.setPosition(RectangleEdge.BOTTOM);
        }
        return chart;
    }
}
