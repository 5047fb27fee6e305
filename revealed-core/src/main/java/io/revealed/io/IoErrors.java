package io.revealed.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Turns I/O failures into unchecked exceptions whose message says which file and what happened. */
final class IoErrors {
    private IoErrors() {}

    /** {@code cannot VERB FILE: WHY}, with the original exception as the cause. */
    static UncheckedIOException failure(String verb, Path file, IOException e) {
        String why;
        if (e instanceof FileSystemException f && f.getReason() != null) why = f.getMessage();
        else if (e instanceof NoSuchFileException) why = "no such file";
        else if (e instanceof AccessDeniedException) why = "permission denied";
        else why = e.getMessage();
        return new UncheckedIOException("cannot " + verb + " " + file + ": " + why, e);
    }
}
