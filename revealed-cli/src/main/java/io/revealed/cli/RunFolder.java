package io.revealed.cli;

import io.revealed.report.RunData;
import io.revealed.report.RunReport;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A run folder written all at once: files go into a hidden sibling folder that is renamed onto
 * the target only when every file is complete, so a failed or killed run never leaves a
 * half-written folder behind.
 *
 * <p>An existing folder is replaced only when asked to and only when it holds nothing but the files
 * of an earlier run (so a mistyped {@code --out .} cannot delete a user's work).
 *
 * <p>Just before the move, {@link #commit()} adds {@code report.html}, made from the files already
 * written. A report that cannot be made costs one warning line, never the run.
 */
final class RunFolder implements AutoCloseable {
    /** Names a run folder may contain; anything else makes a folder "not a run folder". */
    static final Set<String> RUN_FILES = Set.of("config.json", "reward.json", "policy.json", "metrics.json",
            "curves.csv", "report.html", "demos.jsonl", "sensitivity.csv", "samples.csv", "selection.csv");
    /** Folders a run folder may contain (a saved network, a trainer's checkpoint). */
    static final Set<String> RUN_FOLDERS = Set.of("policy", "checkpoint");

    private final Path target;
    private final Path staging;
    private final boolean replace;
    private boolean committed;
    private boolean keepStaging;
    private PrintWriter warnings = new PrintWriter(System.err, true);

    private RunFolder(Path target, Path staging, boolean replace) {
        this.target = target;
        this.staging = staging;
        this.replace = replace;
    }

    /**
     * Checks up front that the target can be written (so a long run does not fail at the end).
     *
     * @param replace whether an existing run folder may be replaced
     * @param inputs files the run reads, which must not live inside the target
     */
    static void checkWritable(Path target, boolean replace, Path... inputs) {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs))
            throw new CliException(target + ": exists and is not a folder");
        Path cwd = Path.of("").toAbsolutePath().normalize();
        if (cwd.startsWith(abs))
            throw new CliException(target + ": is the current folder or one of its parents; choose a new folder for the run");
        for (Path in : inputs)
            if (in != null && in.toAbsolutePath().normalize().startsWith(abs))
                throw new CliException(target + ": contains the input " + in + "; choose another --out");
        if (Files.isDirectory(abs) && !isEmpty(abs)) {
            if (!replace)
                throw new CliException(target + ": folder exists and is not empty; choose another --out or add --force to replace it");
            String stranger = foreignEntry(abs);
            if (stranger != null)
                throw new CliException(target + ": holds " + stranger + ", which is not part of a run; refusing to replace it (choose another --out)");
        }
        Path parent = abs.getParent();
        if (parent != null && Files.exists(parent) && !Files.isWritable(parent))
            throw new CliException(parent + ": folder is not writable");
    }

    static RunFolder create(Path target, boolean replace, Path... inputs) {
        checkWritable(target, replace, inputs);
        Path abs = target.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs.getParent());
            return new RunFolder(abs, freshSibling(abs, ".partial-"), replace);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run folder " + target + ": " + e.getMessage(), e);
        }
    }

    /** A new, empty, hidden folder beside {@code target} (with the default permissions). */
    private static Path freshSibling(Path target, String tag) throws IOException {
        SplittableRandom r = new SplittableRandom(System.nanoTime() ^ target.hashCode());
        for (int i = 0; ; i++) {
            Path p = target.resolveSibling("." + target.getFileName() + tag + Long.toHexString(r.nextLong() & 0xffffffffL));
            try {
                return Files.createDirectory(p);
            } catch (FileAlreadyExistsException e) {
                if (i > 100) throw e;
            }
        }
    }

    /** Where the warning about a report that could not be written goes (standard error by default). */
    RunFolder warnTo(PrintWriter w) {
        this.warnings = w;
        return this;
    }

    /** Where to write file {@code name} of the run. */
    Path file(String name) { return staging.resolve(name); }

    void writeString(String name, String content) {
        try {
            Files.writeString(file(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + " of the run: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code report.html} from the other files, then moves the finished folder into place,
     * replacing an earlier run folder if allowed.
     */
    Path commit() {
        writeReport();
        try {
            if (Files.exists(target) && !isEmpty(target)) {
                if (!replace || foreignEntry(target) != null) {
                    keepStaging = true;
                    throw new CliException(target + ": changed while the run was working; its results are in " + staging);
                }
                Path old = freshSibling(target, ".old-");
                Files.delete(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                try {
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    Files.move(old, target, StandardCopyOption.ATOMIC_MOVE); // put the earlier run back
                    throw e;
                }
                committed = true;
                try {
                    deleteTree(old);
                } catch (IOException ignored) {
                    // the new run is in place; a leftover hidden .old- folder says what it is
                }
            } else {
                if (Files.exists(target)) Files.delete(target); // an empty folder
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                committed = true;
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the run into " + target + ": " + e.getMessage(), e);
        }
    }

    /** Writes report.html from the files of the run; on any failure, prints one warning and leaves no report behind. */
    private void writeReport() {
        Path file = staging.resolve("report.html");
        try {
            String html = RunReport.of(RunData.load(staging, target)).render().html();
            Files.writeString(file, html);
        } catch (Exception | LinkageError | java.awt.AWTError | OutOfMemoryError e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a report cut short is replaced by the next `revealed report` of this folder
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            warnings.println("revealed: warning: report.html was not written (" + why + "); the run's other files are complete."
                    + " Try again with: revealed report " + target);
            warnings.flush();
        }
    }

    /** Removes the staging folder unless the run was committed or its results are being kept. */
    @Override
    public void close() {
        if (!committed && !keepStaging) {
            try {
                deleteTree(staging);
            } catch (IOException ignored) {
                // best effort: a leftover hidden .partial folder is harmless and says what it is
            }
        }
    }

    private static boolean isEmpty(Path dir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The first entry of {@code dir} that a run would not have written, or null. */
    private static String foreignEntry(Path dir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                boolean known = Files.isRegularFile(p) ? RUN_FILES.contains(name)
                        : Files.isDirectory(p) && (RUN_FOLDERS.contains(name) || name.startsWith(".checkpoint.")); // a checkpoint's leftover staging
                if (!known) return name;
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
