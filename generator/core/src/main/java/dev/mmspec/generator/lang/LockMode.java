package dev.mmspec.generator.lang;

/** How a lock is held: EXCLUSIVE for spinlocks and sleeping locks; READ or WRITE for an rwsem. */
public enum LockMode {
    EXCLUSIVE,
    READ,
    WRITE
}
