package io.revealed.deep;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Writes a directory all at once: the contents go into a hidden sibling that replaces the target
 * by renames only when complete, so a run killed while saving leaves the previous checkpoint (or
 * nothing), never a half-written one. The new contents are flushed to the storage device before
 * the renames and the parent directory after them, so that a power cut, not only a kill, finds
 * either the old directory or the whole new one.
 */
final class AtomicDirectory {
    private AtomicDirectory() {}

    /** Something that fills a fresh, empty directory. */
    @FunctionalInterface
    interface Writer {
        void write(Path dir) throws IOException;
    }

    static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Files.createDirectories(abs.getParent());
        Path staging = fresh(abs, ".partial-");
        try {
            writer.write(staging);
            sync(staging);
            if (Files.exists(abs)) {
                Path old = fresh(abs, ".old-");
                Files.delete(old);
                Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
                try {
                    Files.move(staging, abs, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    Files.move(old, abs, StandardCopyOption.ATOMIC_MOVE);
                    throw e;
                }
                deleteQuietly(old);
            } else {
                Files.move(staging, abs, StandardCopyOption.ATOMIC_MOVE);
            }
            force(abs.getParent());
        } finally {
            deleteQuietly(staging);
        }
    }

    /** Flushes every file under {@code root}, and the directories themselves, to the storage device. */
    private static void sync(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) force(p);
        }
    }

    private static void force(Path p) throws IOException {
        boolean dir = Files.isDirectory(p);
        try (FileChannel c = FileChannel.open(p, dir ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            c.force(true);
        } catch (IOException e) {
            if (!dir) throw e; // some file systems cannot open a directory for flushing; its files are flushed
        }
    }

    private static Path fresh(Path target, String tag) throws IOException {
        SplittableRandom r = new SplittableRandom(System.nanoTime() ^ target.hashCode());
        for (int i = 0; ; i++) {
            try {
                return Files.createDirectory(target.resolveSibling("." + target.getFileName() + tag + Long.toHexString(r.nextLong() & 0xffffffffL)));
            } catch (FileAlreadyExistsException e) {
                if (i > 100) throw e;
            }
        }
    }

    private static void deleteQuietly(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover hidden folder says what it is
        }
    }
}
