/**
 * How far a learned reward can be trusted: expected value difference, reward distances (STARC
 * canonicalisations and norms, EPIC), equivalence of rewards, closed-form inverses of behavioural
 * models, sensitivity of inferred rewards to a misspecified model, and reward hacking of correlated
 * proxies.
 */
package io.revealed.analysis;
