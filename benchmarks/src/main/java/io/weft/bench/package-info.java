/**
 * Benchmarks: plain mains that print figures ({@code name: value unit}); run them with the
 * scripts in {@code bin/bench-*.sh}. Speed is measured here, never asserted in tests.
 */
package io.weft.bench;
