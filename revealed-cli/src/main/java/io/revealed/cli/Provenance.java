package io.revealed.cli;

import io.revealed.report.RunData;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code config.json} of a run folder: what was run, on what, with which options and seed, by
 * which versions. Commands start one with {@link #start}, add their own entries, and close it with
 * {@link #finish}.
 */
final class Provenance {
    private Provenance() {}

    static Map<String, Object> start(String command, List<String> argv, String algorithm, Object algorithmOptions, String env) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("command", command);
        c.put("argv", argv);
        c.put("algorithm", algorithm);
        c.put("algorithm_options", algorithmOptions);
        c.put("env", env);
        return c;
    }

    /** {@code {"path", "sha256", "episodes"}} of a demonstrations file (path and hash null when there is none). */
    static Map<String, Object> demos(String label, Path file, int episodes) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("path", label);
        d.put("sha256", file == null ? null : RunData.sha256(file));
        d.put("episodes", episodes);
        return d;
    }

    /** Adds the seed, the versions and the time, and returns the JSON text. */
    static String finish(Map<String, Object> c, Long seed) {
        c.put("seed", seed);
        c.put("revealed_version", Main.version());
        c.put("java_version", Runtime.version().toString());
        c.put("created", Instant.now().toString());
        return Json.write(c) + "\n";
    }
}
