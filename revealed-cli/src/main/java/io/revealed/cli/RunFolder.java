package io.revealed.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A run folder written all at once: files go into a hidden sibling folder that is renamed onto
 * the target only when every file is complete, so a failed or killed run never leaves a
 * half-written folder behind.
 */
final class RunFolder implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private final boolean replace;
    private boolean committed;

    private RunFolder(Path target, Path staging, boolean replace) {
        this.target = target;
        this.staging = staging;
        this.replace = replace;
    }

    /**
     * Checks up front that the target can be written (so a long run does not fail at the end).
     *
     * @param replace whether an existing non-empty target may be replaced
     */
    static void checkWritable(Path target, boolean replace) {
        if (Files.exists(target) && !Files.isDirectory(target))
            throw new CliException(target + ": exists and is not a folder");
        if (!replace && Files.isDirectory(target) && !isEmpty(target))
            throw new CliException(target + ": folder exists and is not empty; choose another --out or add --force to replace it");
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null && Files.exists(parent) && !Files.isWritable(parent))
            throw new CliException(parent + ": folder is not writable");
    }

    static RunFolder create(Path target, boolean replace) {
        checkWritable(target, replace);
        try {
            Path abs = target.toAbsolutePath().normalize();
            Path parent = abs.getParent();
            Files.createDirectories(parent);
            Path staging = Files.createTempDirectory(parent, "." + abs.getFileName() + ".partial-");
            return new RunFolder(abs, staging, replace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where to write file {@code name} of the run. */
    Path file(String name) { return staging.resolve(name); }

    void writeString(String name, String content) {
        try {
            Files.writeString(file(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves the finished folder into place, replacing an old one if allowed. */
    Path commit() {
        try {
            if (Files.exists(target)) {
                if (!replace && !isEmpty(target)) throw new CliException(target + ": appeared while the run was working; results left in " + staging);
                Path old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
                Files.delete(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } else {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            }
            committed = true;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the staging folder unless the run was committed. */
    @Override
    public void close() {
        if (!committed) {
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
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
