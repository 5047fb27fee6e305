package io.revealed.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A report page: a title, a line under it, and {@link Section}s in order, rendered into one
 * self-contained HTML file. Everything the page shows is inside the file: the styles are inline,
 * the figures are inline SVG, there is no script, and a content security policy forbids the
 * browser to fetch anything at all, so the page opens the same from disk, from an e-mail or from
 * an archive years later.
 */
public final class Report {
    private final String title;
    private final String subtitle;
    private final List<Section> sections = new ArrayList<>();

    public Report(String title, String subtitle) {
        this.title = Objects.requireNonNull(title, "title");
        this.subtitle = subtitle == null ? "" : subtitle;
    }

    /** Adds a section at the end of the page. */
    public Report add(Section section) {
        sections.add(Objects.requireNonNull(section, "section"));
        return this;
    }

    public List<Section> sections() { return Collections.unmodifiableList(sections); }

    /**
     * A rendered page.
     *
     * @param html the whole HTML document
     * @param figures the page's figures by their unique names, in page order
     */
    public record Rendered(String html, Map<String, Figure> figures) {
        /** Writes the page to {@code file}, all or nothing (a temporary file renamed into place). */
        public void writeHtml(Path file) {
            writeAtomically(file, html);
        }

        /**
         * Writes every figure as {@code DIR/NAME.png} (the folder is created when missing).
         *
         * @return the files written, in page order
         */
        public List<Path> writePngs(Path dir) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the folder " + dir + ": " + e.getMessage(), e);
            }
            List<Path> written = new ArrayList<>();
            for (Map.Entry<String, Figure> e : figures.entrySet()) {
                Path file = dir.resolve(e.getKey() + ".png");
                Figures.writePng(e.getValue(), file);
                written.add(file);
            }
            return written;
        }
    }

    /** Renders every section into one HTML document. */
    public Rendered render() {
        Map<String, Figure> figures = new LinkedHashMap<>();
        Set<String> sectionIds = new HashSet<>();
        StringBuilder body = new StringBuilder();
        for (Section s : sections) {
            if (!s.id().matches("[a-z0-9-]+") || !sectionIds.add(s.id()))
                throw new IllegalStateException("section id '" + s.id() + "' is malformed or used twice");
            body.append("<section id=\"").append(s.id()).append("\">\n<h2>").append(Html.escape(s.title())).append("</h2>\n");
            s.render(new Page(body, f -> "fig-" + uniqueName(f.name(), figures, f)));
            body.append("</section>\n");
        }
        StringBuilder b = new StringBuilder(body.length() + 8192);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        b.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        b.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        b.append("<meta name=\"generator\" content=\"Revealed\">\n");
        b.append("<title>").append(Html.escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        b.append("<header>\n<h1>").append(Html.escape(title)).append("</h1>\n");
        if (!subtitle.isEmpty()) b.append("<p class=\"sub\">").append(Html.escape(subtitle)).append("</p>\n");
        b.append("<nav>");
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            b.append(i == 0 ? "" : " · ").append("<a href=\"#").append(s.id()).append("\">").append(Html.escape(s.title())).append("</a>");
        }
        b.append("</nav>\n</header>\n<main>\n").append(body).append("</main>\n");
        b.append("<footer>Written by Revealed. This page is one self-contained file: it loads nothing from anywhere else.")
                .append(" Hover over a grid cell to see its exact value.</footer>\n</body>\n</html>\n");
        return new Rendered(b.toString(), Collections.unmodifiableMap(figures));
    }

    /** {@code name}, or {@code name-2}, {@code name-3}... when a figure of that name is already on the page. */
    private static String uniqueName(String name, Map<String, Figure> figures, Figure f) {
        if (!name.matches("[a-z0-9-]+")) throw new IllegalStateException("figure name '" + name + "' must be lower-case letters, digits and dashes");
        String unique = name;
        for (int i = 2; figures.containsKey(unique); i++) unique = name + "-" + i;
        figures.put(unique, f);
        return unique;
    }

    static void writeAtomically(Path file, String text) {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
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

    /** The page's whole style sheet: readable type, tables with light rules, figures that wrap. */
    private static final String CSS = """
            :root { color-scheme: light; }
            body { margin: 0; background: #fafafa; color: #1f2328;
                   font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", sans-serif; }
            header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
            header { padding-top: 20px; }
            h1 { font-size: 1.6em; margin: 0.2em 0; }
            h2 { font-size: 1.25em; margin: 0 0 0.5em; padding-bottom: 0.2em; border-bottom: 1px solid #e1e4e8; }
            p.sub { color: #57606a; margin: 0 0 0.6em; }
            nav { font-size: 0.93em; margin-bottom: 10px; }
            nav a, a { color: #0a58ca; text-decoration: none; }
            section { background: #fff; border: 1px solid #e1e4e8; border-radius: 6px; padding: 16px 20px; margin: 16px 0; }
            p.note { color: #6e5b00; background: #fff8c5; border-left: 3px solid #d4a72c; padding: 4px 10px; }
            pre { background: #f6f8fa; padding: 8px 10px; border-radius: 4px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
            table { border-collapse: collapse; margin: 8px 0 12px; font-size: 0.93em; }
            th, td { padding: 3px 12px 3px 0; text-align: left; vertical-align: top; border-bottom: 1px solid #eaecef; }
            thead th { border-bottom: 2px solid #d0d7de; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            table.kv th { font-weight: 600; white-space: nowrap; }
            table.kv td { overflow-wrap: anywhere; }
            h3 { font-size: 1em; margin: 0.6em 0 0.2em; }
            .columns { display: flex; flex-wrap: wrap; gap: 8px 36px; align-items: flex-start; }
            .columns > div { flex: 1 1 380px; min-width: 0; }
            table.metrics td:last-child { color: #57606a; font-size: 0.92em; }
            .figures { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
            figure { margin: 0; }
            figure svg { display: block; max-width: 100%; height: auto; }
            figcaption { font-size: 0.88em; color: #57606a; margin-top: 4px; }
            footer { color: #6e7781; font-size: 0.85em; padding-bottom: 24px; }
            """;
}
