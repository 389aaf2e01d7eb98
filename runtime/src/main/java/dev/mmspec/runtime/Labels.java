package dev.mmspec.runtime;

import java.util.List;

/**
 * Every scheduling-point label the runtime passes, {@code <op>.<step>}: the runtime calls {@code hooks.point(label)} at
 * the start of each step, and a spec step of the same name covers the runtime code from that point to the next. Lock
 * acquisitions additionally pass {@code "lock:" + lock class name} just before taking the lock. runtime/README.md
 * describes what each step does and which locks it takes.
 */
public final class Labels {
    private Labels() {}

    // A user store at an address (handle_mm_fault for a write, then do_wp_page). Both always passed.
    public static final String WRITE_FAULT = "write.fault";
    public static final String WRITE_WP = "write.wp";

    // A user load at an address (handle_mm_fault for a read, then finish_fault and the load).
    public static final String READ_FAULT = "read.fault";
    public static final String READ_MAP = "read.map";

    // get_user_pages: FOLL_GET ("gup_get") or FOLL_PIN ("gup_pin").
    public static final String GUP_GET_GRAB = "gup_get.grab";
    public static final String GUP_PIN_GRAB = "gup_pin.grab";
    public static final String GUP_GET_FOLLOW = "gup_get.follow";
    public static final String GUP_GET_FAULT = "gup_get.fault";
    public static final String GUP_PIN_FOLLOW = "gup_pin.follow";
    public static final String GUP_PIN_FAULT = "gup_pin.fault";
    public static final String GUP_GET_FAST_READ = "gup_get.fast_read";
    public static final String GUP_GET_FAST_GRAB = "gup_get.fast_grab";
    public static final String GUP_PIN_FAST_READ = "gup_pin.fast_read";
    public static final String GUP_PIN_FAST_GRAB = "gup_pin.fast_grab";

    // The device finishes a transfer into a GUP page and the reference is dropped.
    public static final String DMA_COMPLETE = "dma_complete.complete";

    // access_remote_vm (/proc/pid/mem write): its GUP steps, then the copy into the page.
    public static final String MEM_WRITE_COPY = "mem_write.copy";

    // shrink_folio_list on the folio mapped at an address.
    public static final String SWAP_OUT_ADD_TO_SWAPCACHE = "swap_out.add_to_swapcache";
    public static final String SWAP_OUT_UNMAP = "swap_out.unmap";
    public static final String SWAP_OUT_PAGEOUT = "swap_out.pageout";

    public static final String FORK_COPY = "fork.copy";
    public static final String MUNMAP_UNMAP = "munmap.unmap";
    public static final String MADVISE_DONTNEED_ZAP = "madvise_dontneed.zap";
    public static final String MADVISE_FREE_LAZYFREE = "madvise_free.lazyfree";
    public static final String MADVISE_PAGEOUT_RECLAIM = "madvise_pageout.reclaim";
    public static final String MREMAP_MOVE = "mremap.move";
    public static final String MPROTECT_BEGIN = "mprotect.begin";
    public static final String MPROTECT_APPLY = "mprotect.apply";
    public static final String VMA_ADJUST_START = "vma_adjust.start";
    public static final String VMA_ADJUST_PGOFF = "vma_adjust.pgoff";

    public static final String MIGRATE_LOCK = "migrate.lock";
    public static final String MIGRATE_UNMAP = "migrate.unmap";
    public static final String MIGRATE_MOVE = "migrate.move";
    public static final String MIGRATE_REMOVE = "migrate.remove";
    public static final String MIGRATE_UNLOCK = "migrate.unlock";

    public static final String KSM_WRPROTECT = "ksm.wrprotect";
    public static final String KSM_CLEAR = "ksm.clear";
    public static final String KSM_REPLACE = "ksm.replace";
    public static final String MADVISE_UNMERGEABLE_UNMERGE = "madvise_unmergeable.unmerge";

    public static final String TRUNCATE_SIZE = "truncate.size";
    public static final String TRUNCATE_UNMAP = "truncate.unmap";
    public static final String TRUNCATE_REMOVE = "truncate.remove";
    public static final String TRUNCATE_UNMAP_COWS = "truncate.unmap_cows";
    public static final String INVALIDATE_UNMAP = "invalidate.unmap";
    public static final String INVALIDATE_REMOVE = "invalidate.remove";

    // read(2) / pwrite(2) through the page cache.
    public static final String FILE_READ_COPY = "file_read.copy";
    public static final String FILE_WRITE_COPY = "file_write.copy";

    public static final String WRITEBACK_CLEAN = "writeback.clean";
    public static final String WRITEBACK_WRITE = "writeback.write";

    /** Prefix of the point passed before each lock acquisition ({@code lock:ptl}). */
    public static final String LOCK_PREFIX = "lock:";

    /**
     * Prefix of a window point: a place inside a step where the kernel itself drops the lock that made the step's first
     * part atomic, so that another task can run there on a real machine. Not a step label ({@link #isStep} is false):
     * tests that step the runtime from step to step never stop there; a spec that splits the step at the window names
     * it, and its binding turns the window point into that spec step's label.
     */
    public static final String WINDOW_PREFIX = "window:";

    /**
     * wp_page_shared() after pte_unmap_unlock() for page_mkwrite, before finish_mkwrite_fault() retakes the PT lock and
     * rechecks pte_same(): a zap, truncate or folio_mkclean may change the PTE here.
     */
    public static final String WINDOW_WP_SHARED_MKWRITE = WINDOW_PREFIX + "write.wp_shared_mkwrite";

    /** @return every step label, for a stop predicate or a spec checker. */
    public static List<String> all() {
        return List.of(
                WRITE_FAULT,
                WRITE_WP,
                READ_FAULT,
                READ_MAP,
                GUP_GET_GRAB,
                GUP_PIN_GRAB,
                GUP_GET_FOLLOW,
                GUP_GET_FAULT,
                GUP_PIN_FOLLOW,
                GUP_PIN_FAULT,
                GUP_GET_FAST_READ,
                GUP_GET_FAST_GRAB,
                GUP_PIN_FAST_READ,
                GUP_PIN_FAST_GRAB,
                DMA_COMPLETE,
                MEM_WRITE_COPY,
                SWAP_OUT_ADD_TO_SWAPCACHE,
                SWAP_OUT_UNMAP,
                SWAP_OUT_PAGEOUT,
                FORK_COPY,
                MUNMAP_UNMAP,
                MADVISE_DONTNEED_ZAP,
                MADVISE_FREE_LAZYFREE,
                MADVISE_PAGEOUT_RECLAIM,
                MREMAP_MOVE,
                MPROTECT_BEGIN,
                MPROTECT_APPLY,
                VMA_ADJUST_START,
                VMA_ADJUST_PGOFF,
                MIGRATE_LOCK,
                MIGRATE_UNMAP,
                MIGRATE_MOVE,
                MIGRATE_REMOVE,
                MIGRATE_UNLOCK,
                KSM_WRPROTECT,
                KSM_CLEAR,
                KSM_REPLACE,
                MADVISE_UNMERGEABLE_UNMERGE,
                TRUNCATE_SIZE,
                TRUNCATE_UNMAP,
                TRUNCATE_REMOVE,
                TRUNCATE_UNMAP_COWS,
                INVALIDATE_UNMAP,
                INVALIDATE_REMOVE,
                FILE_READ_COPY,
                FILE_WRITE_COPY,
                WRITEBACK_CLEAN,
                WRITEBACK_WRITE);
    }

    /** @return every window point label. */
    public static List<String> windows() {
        return List.of(WINDOW_WP_SHARED_MKWRITE);
    }

    /** @return whether {@code label} is a step label (not a lock point, not a window point). */
    public static boolean isStep(String label) {
        return !label.startsWith(LOCK_PREFIX) && !label.startsWith(WINDOW_PREFIX);
    }
}
