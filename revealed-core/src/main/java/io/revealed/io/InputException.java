package io.revealed.io;

import java.nio.file.Path;

/**
 * Bad input in a file: the message names the file, the line (1-based, 0 when unknown) and the
 * field, in the form {@code file:line: field: what is wrong}.
 */
public final class InputException extends RuntimeException {
    private final Path file;
    private final long line;
    private final String field;

    public InputException(Path file, long line, String field, String problem) {
        this(file, line, field, problem, null);
    }

    public InputException(Path file, long line, String field, String problem, Throwable cause) {
        super(format(file, line, field, problem), cause);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    private static String format(Path file, long line, String field, String problem) {
        StringBuilder b = new StringBuilder();
        b.append(file == null ? "<input>" : file.toString());
        if (line > 0) b.append(':').append(line);
        b.append(": ");
        if (field != null && !field.isEmpty()) b.append(field).append(": ");
        b.append(problem);
        return b.toString();
    }

    public Path file() { return file; }
    public long line() { return line; }
    public String field() { return field; }
}
