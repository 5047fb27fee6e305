/**
 * The {@code revealed} command: picocli subcommands, run folders and summaries. Nothing here
 * computes anything the core library does not; this package parses, calls, writes and prints.
 */
package io.revealed.cli;
