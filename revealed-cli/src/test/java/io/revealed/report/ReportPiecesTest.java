package io.revealed.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small parts of the reports: normalisation, colours, escaping, CSV, page assembly. */
class ReportPiecesTest {
    @TempDir
    Path dir;

    @Test
    void standardise_handExample() {
        // mean 4; shifted -4, -1, 5; largest magnitude 5.
        assertArrayEquals(new double[]{-0.8, -0.2, 1}, StateValues.standardise(new double[]{0, 3, 9}), 1e-15);
        assertArrayEquals(new double[]{0, 0, 0}, StateValues.standardise(new double[]{5, 5, 5}), 0, "a constant is all zeros");
    }

    @Test
    void standardise_ignoresShiftAndPositiveScale() {
        double[] r = {0.3, -1.2, 4.0, 2.5, 0};
        double[] moved = new double[r.length];
        for (int i = 0; i < r.length; i++) moved[i] = 7.5 * r[i] - 3;
        assertArrayEquals(StateValues.standardise(r), StateValues.standardise(moved), 1e-12);
    }

    @Test
    void sharesTotalVariationAndCorrelation_handExamples() {
        assertArrayEquals(new double[]{0.25, 0.75}, StateValues.shares(new double[]{1, 3}), 0);
        assertEquals(0.5, StateValues.totalVariation(new double[]{0.5, 0.5, 0}, new double[]{0, 0.5, 0.5}), 1e-15);
        assertEquals(-1, StateValues.correlation(new double[]{1, 2, 3}, new double[]{6, 4, 2}), 1e-15);
        assertTrue(Double.isNaN(StateValues.correlation(new double[]{1, 1}, new double[]{1, 2})));
    }

    @Test
    void colourScale_endsMiddleAndRootPositions() {
        ColorScale d = ColorScale.diverging(1, "r");
        assertEquals(new Color(0x1f4e9a), d.color(-1));
        assertEquals(new Color(0xf6f6f6), d.color(0));
        assertEquals(new Color(0xa81e2d), d.color(5), "beyond the end: the end colour");
        ColorScale v = ColorScale.sequential(8, "share");
        assertEquals(0.5, v.position(1), 1e-12, "the cube root of 1/8");
        assertEquals(1, v.valueAt(0.5), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new ColorScale(1, 1, new Color[]{Color.WHITE, Color.BLACK}, "x", 1));
    }

    @Test
    void html_escapesMarkupAndFormatsNumbers() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", Html.escape("a <b> & \"c\" 'd'"));
        assertEquals("13", Html.number(13.0));
        assertEquals("0.0882305", Html.number(0.08823051804276183));
        assertEquals("9.8945e-05", Html.number(9.894523773903985E-5));
        assertEquals("0.5", Html.shortNumber(0.5));
        assertEquals("-0.125", Html.shortNumber(-0.125));
        assertEquals("–", Html.value(null));
    }

    @Test
    void csv_readsQuotedCellsAndRejectsRaggedRows() throws Exception {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "a,b,c\n1,\"x, \"\"y\"\"\",\n");
        CsvTable t = CsvTable.read(f);
        assertEquals(List.of("1", "x, \"y\"", ""), t.rows().get(0));
        assertTrue(Double.isNaN(t.numbers(2)[0]));
        Files.writeString(f, "a,b\n1,2,3\n");
        assertTrue(assertThrows(ReportException.class, () -> CsvTable.read(f)).getMessage().endsWith("t.csv:2: 3 cells, the header has 2"));
    }

    @Test
    void sectionsContributeIndependently_andFigureNamesStayUnique() {
        Figure f = new GridHeatMap("map", "c", 2, List.of(new GridHeatMap.Panel("p", new double[4], new String[4])), ColorScale.diverging(1, "x"));
        Section one = new Section() {
            public String id() { return "one"; }
            public String title() { return "One <b>"; }
            public void render(Page page) { page.paragraph("first & only").figure(f); }
        };
        Section two = new Section() {
            public String id() { return "two"; }
            public String title() { return "Two"; }
            public void render(Page page) { page.figure(f); }
        };
        Report.Rendered r = new Report("T", "sub").add(one).add(two).render();
        assertEquals(List.of("map", "map-2"), List.copyOf(r.figures().keySet()));
        assertTrue(r.html().contains("<h2>One &lt;b&gt;</h2>") && r.html().contains("<p>first &amp; only</p>"));
        assertTrue(r.html().contains("<figure id=\"fig-map-2\""));
        assertThrows(IllegalStateException.class, () -> new Report("T", null).add(two).add(two).render(), "a section id used twice");
    }
}
