package io.revealed.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file written all or nothing: text goes to a hidden temporary file in the target's directory
 * ({@code .NAME.XXXX.tmp}), which {@link #commit()} flushes to disk and renames onto the target
 * (an atomic move where the file system supports it). {@link #close()} without a commit deletes
 * the temporary file, so a failure leaves neither a half-written target nor litter; an existing
 * target is untouched until the rename.
 *
 * <p>The temporary file is created with the process's default permissions (not the owner-only
 * permissions of {@link Files#createTempFile}), so the result looks like any other file written
 * by the program.
 */
final class AtomicFile implements AutoCloseable {
    private static final AtomicLong COUNTER = new AtomicLong();

    /** Writes the body of a file given as a function of a {@link Writer}. */
    interface Body {
        void write(Writer out) throws IOException;
    }

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final Writer writer;
    private boolean done;

    private AtomicFile(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.writer = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8), 1 << 16);
    }

    /** Writes {@code target} atomically; I/O failures become {@link UncheckedIOException}. */
    static void write(Path target, Body body) {
        try (AtomicFile f = open(target)) {
            body.write(f.writer());
            f.commit();
        } catch (IOException e) {
            throw IoErrors.failure("write", target, e);
        }
    }

    /**
     * Creates the temporary file next to {@code target}.
     *
     * @throws NoSuchFileException when the target's directory does not exist
     */
    static AtomicFile open(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || abs.getFileName() == null) throw new FileSystemException(target.toString(), null, "not a file name");
        if (!Files.isDirectory(dir))
            throw new NoSuchFileException(dir.toString(), null, "directory does not exist");
        if (Files.isDirectory(abs)) throw new FileSystemException(abs.toString(), null, "is a directory");
        String name = abs.getFileName().toString();
        if (name.length() > 200) name = name.substring(0, 200);
        for (int attempt = 0; ; attempt++) {
            long tag = System.nanoTime() ^ (COUNTER.incrementAndGet() * 0x9E3779B97F4A7C15L);
            Path temp = dir.resolve("." + name + "." + Long.toHexString(tag) + ".tmp");
            try {
                return new AtomicFile(abs, temp, FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) throw e;
            }
        }
    }

    Writer writer() { return writer; }

    /** Flushes the text to disk and moves it onto the target, replacing any existing file. */
    void commit() throws IOException {
        if (done) throw new IllegalStateException("already committed or closed");
        done = true;
        try {
            writer.flush();
            channel.force(true);
            writer.close();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            discard();
            throw e;
        }
    }

    /** Deletes the temporary file unless {@link #commit()} succeeded. */
    @Override
    public void close() {
        if (done) return;
        done = true;
        discard();
    }

    private void discard() {
        try {
            writer.close();
        } catch (IOException ignored) {
            // the file is being thrown away
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // nothing more can be done; the name starts with '.' and ends with .tmp
        }
    }
}
