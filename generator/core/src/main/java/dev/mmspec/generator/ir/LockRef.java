package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.lang.LockMode;

/**
 * A lock instance named in a statement: {@code ptl[a]}, {@code anon_vma_rwsem write}.
 *
 * @param index the instance index expression (a value of the lock's domain), or null for a lock without a domain
 * @param mode EXCLUSIVE for spinlocks and sleeping locks; READ or WRITE for an rwsem
 */
public record LockRef(Lock lock, Expr index, LockMode mode, Span span) {}
