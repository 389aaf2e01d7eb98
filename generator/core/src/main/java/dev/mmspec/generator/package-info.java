/**
 * The front end in one call ({@link dev.mmspec.generator.SpecCompiler}): parse, check and resolve a spec file to the
 * IR. May depend on ast, check, diag, ir, parse and resolve; never on the back end.
 */
package dev.mmspec.generator;
