/**
 * The property engine (mmspec's own, not jqwik): seeded random runs of a model, alone or in lockstep with its
 * implementation ({@link dev.mmspec.engine.property.PropertyEngine}), shrinking to a minimal valid trace, exact replay
 * of a saved trace ({@link dev.mmspec.engine.property.Replay}), step coverage, and failure reports with seed, trace
 * file, race diagram and a regression test.
 */
package dev.mmspec.engine.property;
