package io.revealed.report;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a {@link Section} writes into: paragraphs, notes, tables and rows of figures, as HTML.
 * Every piece of text is escaped here, so sections never write markup themselves; figures become
 * inline SVG with a caption, and are remembered so {@code --png} can write them as files.
 */
public final class Page {
    private final StringBuilder html;
    private final Function<Figure, String> figureIds;

    Page(StringBuilder html, Function<Figure, String> figureIds) {
        this.html = html;
        this.figureIds = figureIds;
    }

    /** A paragraph of text. */
    public Page paragraph(String text) {
        html.append("<p>").append(Html.escape(text)).append("</p>\n");
        return this;
    }

    /** A paragraph that opens with a few words in bold (a lead-in such as "How to read it."). */
    public Page paragraph(String lead, String text) {
        html.append("<p><strong>").append(Html.escape(lead)).append("</strong> ").append(Html.escape(text)).append("</p>\n");
        return this;
    }

    /** A remark set apart: something not drawn and why, or a caveat. */
    public Page note(String text) {
        html.append("<p class=\"note\">").append(Html.escape(text)).append("</p>\n");
        return this;
    }

    /** Text in a monospaced block, such as a command line. */
    public Page code(String text) {
        html.append("<pre>").append(Html.escape(text)).append("</pre>\n");
        return this;
    }

    /** A two-column table of names and values, in the map's order. */
    public Page definitions(Map<String, String> rows) {
        html.append("<table class=\"kv\">\n");
        for (Map.Entry<String, String> e : rows.entrySet())
            html.append("<tr><th scope=\"row\">").append(Html.escape(e.getKey())).append("</th><td>").append(Html.escape(e.getValue())).append("</td></tr>\n");
        html.append("</table>\n");
        return this;
    }

    /**
     * A table with a header row. Cells that look like numbers are right-aligned.
     *
     * @param cssClass a class for the table (for example {@code metrics}), or null
     */
    public Page table(String cssClass, List<String> header, List<List<String>> rows) {
        html.append("<table").append(cssClass == null ? "" : " class=\"" + Html.escape(cssClass) + "\"").append(">\n<thead><tr>");
        for (String h : header) html.append("<th scope=\"col\">").append(Html.escape(h)).append("</th>");
        html.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            html.append("<tr>");
            for (String cell : row)
                html.append(looksNumeric(cell) ? "<td class=\"num\">" : "<td>").append(Html.escape(cell)).append("</td>");
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        return this;
    }

    /** Blocks side by side on a wide screen and one under the other on a narrow one, each written by one of {@code parts}. */
    @SafeVarargs
    public final Page columns(java.util.function.Consumer<Page>... parts) {
        html.append("<div class=\"columns\">\n");
        for (java.util.function.Consumer<Page> part : parts) {
            html.append("<div>\n");
            part.accept(this);
            html.append("</div>\n");
        }
        html.append("</div>\n");
        return this;
    }

    /** A small heading inside a section. */
    public Page subheading(String text) {
        html.append("<h3>").append(Html.escape(text)).append("</h3>\n");
        return this;
    }

    /** Figures side by side (wrapping on narrow screens), each with its caption. */
    public Page figures(List<? extends Figure> figures) {
        html.append("<div class=\"figures\">\n");
        for (Figure f : figures) {
            String id = figureIds.apply(f);
            html.append("<figure id=\"").append(id).append("\" style=\"max-width:").append(Math.max(f.width(), 260)).append("px\">\n");
            html.append(Figures.svg(f, id)).append('\n');
            html.append("<figcaption>").append(Html.escape(f.caption())).append("</figcaption>\n</figure>\n");
        }
        html.append("</div>\n");
        return this;
    }

    /** One figure with its caption. */
    public Page figure(Figure f) {
        return figures(List.of(f));
    }

    private static boolean looksNumeric(String s) {
        return s != null && !s.isEmpty() && s.matches("[-+]?(\\d[\\d,]*(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?%?|NaN|–|[-]?∞");
    }
}
