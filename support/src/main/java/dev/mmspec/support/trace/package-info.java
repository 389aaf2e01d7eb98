/**
 * Traces: what the explorer and the property engine report, the line-based trace file ({@link
 * dev.mmspec.support.trace.TraceFormat}), exact replay on a model ({@link
 * dev.mmspec.support.trace.ModelReplay}) and the race diagram ({@link
 * dev.mmspec.support.trace.RaceDiagram}) that a failing build prints.
 */
package dev.mmspec.support.trace;
