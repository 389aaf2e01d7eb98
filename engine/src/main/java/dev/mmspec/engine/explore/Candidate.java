package dev.mmspec.engine.explore;

import dev.mmspec.engine.trace.ViolationKind;

/**
 * A violation found while expanding a level, before the best one is chosen.
 *
 * @param kind invariant, model error or deadlock
 * @param name invariant name, error message or blocked tasks
 * @param fingerprint the violating state, or for a model error the state the failing action left
 * @param extraAction for a model error, the failing action; else -1
 * @param length steps from the initial state
 */
record Candidate(ViolationKind kind, String name, long fingerprint, int extraAction, int length) {}
