/**
 * Diagnostics as data: spans, stable codes, the reporter that collects them. Depends on nothing, so every phase of the
 * generator may report.
 */
package dev.mmspec.generator.diag;
