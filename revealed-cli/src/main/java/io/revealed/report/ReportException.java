package io.revealed.report;

/**
 * A report cannot be made from what it was given (a folder that is not a run folder, a missing or
 * malformed file, runs that cannot share a page). The message is one line that names the file or
 * folder and the problem, ready to show to a person as it is.
 */
public final class ReportException extends RuntimeException {
    public ReportException(String message) { super(message); }

    public ReportException(String message, Throwable cause) { super(message, cause); }
}
