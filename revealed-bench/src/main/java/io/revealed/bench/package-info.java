/**
 * Benchmarks: JMH micro-benchmarks of the planning sweeps and the machine's memory bandwidth, and
 * end-to-end drivers that time whole IRL runs. See docs/BENCHMARKS.md for the commands and figures.
 */
package io.revealed.bench;
