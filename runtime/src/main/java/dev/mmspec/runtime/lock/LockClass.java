package dev.mmspec.runtime.lock;

/**
 * The lock classes of the runtime, named as specs name them, in the kernel's order (mm/rmap.c: mmap_lock,
 * invalidate_lock, folio_lock, i_mmap_rwsem, anon_vma->rwsem, page table lock). The order here is documentation;
 * {@link Lockdep} learns the order actually used and reports inversions.
 */
public enum LockClass {
    MMAP_LOCK("mmap_lock", Kind.RWSEM),
    INVALIDATE_LOCK("invalidate_lock", Kind.RWSEM),
    FOLIO_LOCK("folio_lock", Kind.SLEEPING),
    I_MMAP_RWSEM("i_mmap_rwsem", Kind.RWSEM),
    ANON_VMA_RWSEM("anon_vma_rwsem", Kind.RWSEM),
    PTL("ptl", Kind.SPINLOCK);

    /** What kind of kernel lock it stands for. */
    public enum Kind {
        SPINLOCK,
        SLEEPING,
        RWSEM
    }

    private final String lockName;
    private final Kind kind;

    LockClass(String lockName, Kind kind) {
        this.lockName = lockName;
        this.kind = kind;
    }

    /** @return the name specs and lock events use ({@code ptl}). */
    public String lockName() {
        return lockName;
    }

    public Kind kind() {
        return kind;
    }
}
