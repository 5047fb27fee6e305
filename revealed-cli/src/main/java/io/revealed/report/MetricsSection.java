package io.revealed.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every metric of {@code metrics.json}, in file order, with what it means (see
 * {@link SummarySection#MEANINGS}). Nested values (the points of a sensitivity sweep) have tables
 * of their own elsewhere and are left out.
 */
public final class MetricsSection implements Section {
    private final RunData run;

    public MetricsSection(RunData run) { this.run = run; }

    @Override
    public String id() { return "metrics"; }

    @Override
    public String title() { return "Metrics"; }

    @Override
    public void render(Page page) {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Object> e : run.metrics().entrySet()) {
            if (e.getValue() instanceof Map || e.getValue() instanceof List) continue;
            rows.add(List.of(e.getKey(), Html.value(e.getValue()), SummarySection.MEANINGS.getOrDefault(e.getKey(), "")));
        }
        page.paragraph("The figures of metrics.json in this run folder, at full precision there; docs/formats.md describes each one.");
        page.table("metrics", List.of("metric", "value", "meaning"), rows);
    }
}
