package dev.mmspec.generator.lang;

/** What a {@code lock} declaration declares: {@code spinlock}, {@code sleeping} or {@code rwsem}. */
public enum LockKind {
    SPINLOCK,
    SLEEPING,
    RWSEM;

    public String spelling() {
        return switch (this) {
            case SPINLOCK -> "spinlock";
            case SLEEPING -> "sleeping";
            case RWSEM -> "rwsem";
        };
    }
}
