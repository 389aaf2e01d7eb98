/**
 * Drives a generation run for the CLI and the Maven goal (spec files, cache, version) and loads compiled models. May
 * depend on the generator facade, diag, emit, ir, build.output and the model contract.
 */
package dev.mmspec.generator.build;
