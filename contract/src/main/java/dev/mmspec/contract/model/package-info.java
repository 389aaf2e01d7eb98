/**
 * What a generated model implements and the engine reads: {@link dev.mmspec.contract.model.Model}, its description
 * ({@link dev.mmspec.contract.model.ModelInfo}), packed-state helpers and the symmetry canonicalizations a model calls
 * on its own states. Depends on nothing but the JDK.
 */
package dev.mmspec.contract.model;
