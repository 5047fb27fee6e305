package io.revealed.cli;

/** A user-facing error: its message is printed as it is, with no stack trace. */
final class CliException extends RuntimeException {
    CliException(String message) { super(message); }
}
