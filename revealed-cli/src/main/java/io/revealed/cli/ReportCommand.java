package io.revealed.cli;

import io.revealed.report.Report;
import io.revealed.report.ReportException;
import io.revealed.report.RunData;
import io.revealed.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code revealed report}: rebuild the {@code report.html} of a run folder from its files, or put
 * several runs of one environment side by side on one page; {@code --png DIR} also writes every
 * figure of the page as a PNG file.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Rebuild a run's report.html, or put several runs side by side on one page.",
                "With one RUN_DIR the page is written to RUN_DIR/report.html (or --out). Several runs must share one environment",
                "and need --out FILE.html: their metrics go in one table, their reward maps in one row, their curves on shared charts.",
                "--png DIR also writes each figure as a PNG file (twice the screen size) for papers and slides."})
final class ReportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run folders written by learn, quickstart, train-expert or sensitivity --out.")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "FILE", description = "The HTML file to write (default: RUN_DIR/report.html for one run; required for several).")
    Path out;

    @Option(names = "--png", paramLabel = "DIR", description = "Also write every figure as DIR/NAME.png (the folder is created when missing).")
    Path png;

    @Override
    public void run() {
        if (runs.size() > 1 && out == null)
            throw new CliException("several runs go on one side-by-side page; name its file with --out FILE.html");
        Set<Path> seen = new HashSet<>();
        for (Path r : runs)
            if (!seen.add(r.toAbsolutePath().normalize())) throw new CliException(r + ": given twice");
        Path target = out != null ? out : runs.get(0).resolve("report.html");
        if (Files.isDirectory(target)) throw new CliException(target + ": is a folder; --out names the HTML file to write");
        if (png != null && Files.exists(png) && !Files.isDirectory(png)) throw new CliException(png + ": exists and is not a folder (--png names a folder)");
        Report.Rendered page;
        List<RunData> data = new ArrayList<>();
        try {
            for (Path r : runs) data.add(RunData.load(r));
            page = (data.size() == 1 ? RunReport.of(data.get(0)) : RunReport.sideBySide(data)).render();
        } catch (ReportException e) {
            throw new CliException(e.getMessage());
        }
        Path parent = target.toAbsolutePath().getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder " + parent + ": " + e.getMessage(), e);
        }
        page.writeHtml(target);
        List<Path> pngs = png == null ? List.of() : page.writePngs(png);
        PrintWriter err = spec.commandLine().getErr();
        for (RunData d : data)
            for (String note : d.notes()) err.println("revealed: note: " + d.folder() + ": " + note);
        err.flush();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runs", runs.stream().map(r -> r.toAbsolutePath().normalize().toString()).toList());
        m.put("figures", page.figures().size());
        if (png != null) m.put("png", pngs.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList());
        m.put("report", target.toAbsolutePath().normalize().toString());
        PrintWriter w = spec.commandLine().getOut();
        if (common.json) {
            w.println(Json.line(m));
            w.flush();
            return;
        }
        Summary s = new Summary(data.size() == 1 ? "report of " + data.get(0).label() : "side-by-side report of " + data.size() + " runs")
                .put("figures", page.figures().size());
        if (png != null) s.put("png files", pngs.size() + " in " + png.toAbsolutePath().normalize());
        s.put("report", m.get("report"));
        s.print(w, false);
    }
}
