/**
 * Neural networks for Revealed on DJL with the PyTorch engine: CPU natives come from Maven Central
 * and are unpacked on first use; nothing is downloaded at run time ({@code ai.djl.offline=true}).
 */
package io.revealed.deep;
