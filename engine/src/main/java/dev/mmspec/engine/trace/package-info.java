/**
 * Traces: what the explorer and the property engine report, the line-based trace file
 * ({@link dev.mmspec.engine.trace.TraceFormat}), exact replay on a model ({@link dev.mmspec.engine.trace.ModelReplay})
 * and the race diagram ({@link dev.mmspec.engine.trace.RaceDiagram}) that a failing build prints.
 */
package dev.mmspec.engine.trace;
