/**
 * How good is a learned reward: expected value difference, the return of learned policies under the
 * true reward, and (later) reward distances and misspecification sensitivity.
 */
package io.revealed.analysis;
