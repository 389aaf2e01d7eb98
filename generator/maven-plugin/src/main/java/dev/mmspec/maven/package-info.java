/**
 * The Maven goal that generates models and tests from a project's specs. May depend on the generator's build driver and
 * diag only.
 */
package dev.mmspec.maven;
