package dev.mmspec.runtime.gup;

/** get_user_pages() flags. Without {@link #PIN} a reference is FOLL_GET. */
public enum Foll {
    /** The caller will write to the page (an O_DIRECT read into it, a DMA from a device). */
    WRITE,
    /** Write even where the VMA forbids it (ptrace, /proc/pid/mem): COW mappings only. */
    FORCE,
    /** FOLL_PIN: the reference is a pin, visible to folio_maybe_dma_pinned(). */
    PIN,
    /** The pin may be held indefinitely (RDMA, vfio). */
    LONGTERM,
    /** get_user_pages_fast_only(): lockless, no mmap_lock, no fault; fails instead of faulting. */
    FAST,
    /** FOLL_NOFAULT: a single lookup under the PT lock, EAGAIN instead of faulting in. */
    NOFAULT
}
