package io.revealed.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runs of a side-by-side page in one table: a column per run, with its folder, command line,
 * algorithm and every metric any of them reports (a dash where a run has none).
 */
public final class RunsSection implements Section {
    private final List<RunData> runs;

    public RunsSection(List<RunData> runs) { this.runs = List.copyOf(runs); }

    @Override
    public String id() { return "runs"; }

    @Override
    public String title() { return "Runs and metrics"; }

    @Override
    public void render(Page page) {
        page.paragraph("All runs are on " + runs.get(0).env() + ". Each column is one run; the metrics are those of its metrics.json"
                + " (see the run's own report.html for what each one means).");
        List<String> header = new ArrayList<>();
        header.add("");
        for (RunData r : runs) header.add(r.label());
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("folder", r -> r.folder().toAbsolutePath().normalize().toString()));
        rows.add(row("command line", r -> SummarySection.commandLine(r.config())));
        rows.add(row("algorithm", RunData::algorithm));
        Set<String> keys = new LinkedHashSet<>();
        for (RunData r : runs)
            for (Map.Entry<String, Object> e : r.metrics().entrySet())
                if (!(e.getValue() instanceof Map) && !(e.getValue() instanceof List) && !e.getKey().equals("algorithm")) keys.add(e.getKey());
        for (String k : keys) rows.add(row(k, r -> r.metrics().containsKey(k) ? Html.value(r.metrics().get(k)) : "–"));
        page.table("metrics", header, rows);
        for (RunData r : runs) for (String note : r.notes()) page.note(r.label() + ": " + note);
    }

    private List<String> row(String name, java.util.function.Function<RunData, String> value) {
        List<String> row = new ArrayList<>();
        row.add(name);
        for (RunData r : runs) row.add(value.apply(r));
        return row;
    }
}
