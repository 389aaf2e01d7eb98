package dev.mmspec.runtime;

/**
 * Hand-written bugs for measuring the tests (the Etna view: bugs injected by hand, time to find). Unlike a {@link Fix},
 * an injection is off by default, no spec names it and no production path switches it on: only tests do, through
 * {@link KernelConfig#injecting}, to show that some suite notices each one. Each removes one check or step the kernel
 * has, as a plausible patch would.
 */
public enum Injection {
    /**
     * wp_page_shared() retakes the PT lock after page_mkwrite and installs the writable PTE without the pte_same()
     * recheck (mm/memory.c: "if (!pte_same(...)) goto unlock"): a PTE zapped or write-protected meanwhile (truncate,
     * folio_mkclean) comes back writable and dirty.
     */
    WP_SHARED_NO_PTE_SAME("wp_shared_no_pte_same"),
    /**
     * zap_pte_range() clears a swap PTE without free_swap_and_cache(): the slot keeps a count no PTE holds any more
     * (leaked swap entry; the "Bad swap" class of bugs).
     */
    ZAP_KEEPS_SWAP_COUNT("zap_keeps_swap_count"),
    /**
     * A failed migration leaves its migration entries in place instead of restoring them to the source
     * (remove_migration_ptes(src, src) on the failure path of migrate_pages_batch()): every later fault waits on a
     * folio nobody locks, or meets an entry of an unlocked folio.
     */
    MIGRATION_FAILURE_KEEPS_ENTRIES("migration_failure_keeps_entries"),
    /**
     * folio_clear_dirty_for_io() clears the folio's dirty bit without folio_mkclean(): PTEs stay writable, so the next
     * write through them neither faults into page_mkwrite nor dirties the folio, and the data is lost at the next
     * writeback (the reason folio_mkclean exists, and why 8ac268436e6d matters for pins).
     */
    WRITEBACK_SKIPS_MKCLEAN("writeback_skips_mkclean"),
    /**
     * GUP takes its reference on the page after dropping and retaking the PT lock, without looking at the PTE again
     * (follow_page_pte() grabs it under the lock it read the PTE with: try_grab_folio before pte_unmap_unlock): a zap
     * in the gap frees the page under the new reference; KSM, reclaim or migration in the gap see the refcount without
     * the pin.
     */
    GUP_REF_AFTER_PTL("gup_ref_after_ptl"),
    /**
     * can_change_pte_writable() (mm/mprotect.c) decides by the mapcount instead of PG_anon_exclusive, as the pre-5.19
     * reuse test did: after a fork child unmapped its copy-on-write share, mprotect(PROT_WRITE) maps the page writable
     * although the child (or a pipe, or a GUP reference it left) may still read it; only the write fault's refcount
     * test may make such a page exclusive.
     */
    MPROTECT_UPGRADE_BY_MAPCOUNT("mprotect_upgrade_by_mapcount"),
    /**
     * gup_fast_pte_range() keeps the reference folio_try_get() took without reading the PTE again (B4 of the
     * __folio_try_share_anon_rmap() protocol): a zap, mprotect write-protecting the PTE, or reclaim, KSM or migration
     * clearing it between the lockless read and the grab goes unseen, and the write reference outlives the mapping it
     * was checked against.
     */
    GUP_FAST_NO_RECHECK("gup_fast_no_recheck"),
    /**
     * do_anonymous_page() maps the shared zero page for a read fault with the VMA's write permission, as it would a
     * fresh page (maybe_mkwrite on the special PTE instead of vm_page_prot's copy-on-write protection): the next store
     * does not fault into wp_page_copy() but lands in the page every process reads zeroes from.
     */
    ZERO_PAGE_MAPPED_WRITABLE("zero_page_mapped_writable"),
    /**
     * wp_can_reuse_anon_folio() without its folio_test_ksm() tests: a store to a KSM page that only this PTE still maps
     * reuses it in place, as for any page whose refcount proves it ours, so the stable page ksmd may merge other pages
     * of the same old contents into is written to.
     */
    WP_REUSES_KSM_PAGE("wp_reuses_ksm_page"),
    /**
     * lock_mm_and_find_vma() grows a stack below the faulting address under the mmap_lock held for read, as the fault
     * path did before 6.5 (expand_stack() under mmap_read_lock: StackRot, CVE-2023-3269): vm_start moves while another
     * thread's fault or GUP walks the VMA tree under the same read lock.
     */
    STACK_GROWS_UNDER_READ_LOCK("stack_grows_under_read_lock"),
    /**
     * copy_nonpresent_pte() copies a swap entry with swap_duplicate() but without pte_swp_clear_exclusive(): the
     * parent's and the child's swap PTEs both keep the exclusive bit (PG_anon_exclusive of the swapped-out page), so
     * whichever faults it back in first maps it exclusive, and writable at a store, although the other process's swap
     * entry still reads the same page from the swap cache: one process's store reaches the other's memory.
     */
    FORK_KEEPS_SWAP_EXCLUSIVE("fork_keeps_swap_exclusive"),
    /**
     * truncate_inode_pages_range() zeroes the partial last page of the new size without the folio lock (the folio
     * looked up without FGP_LOCK, truncate_inode_partial_folio() run on it unlocked): a fault, reclaim or writeback
     * holding the folio lock sees its contents change under it, and the zeroing may meet a folio being removed.
     */
    TRUNCATE_ZERO_TAIL_UNLOCKED("truncate_zero_tail_unlocked");

    /** Prefix that marks an injection among a test's switch names (a spec's fix names never have it). */
    public static final String SWITCH_PREFIX = "inject:";

    private final String id;

    Injection(String id) {
        this.id = id;
    }

    /** @return the injection's id ({@code zap_keeps_swap_count}) */
    public String id() {
        return id;
    }

    /** @return the switch name a test passes among its fixes-off names ({@code inject:zap_keeps_swap_count}) */
    public String switchName() {
        return SWITCH_PREFIX + id;
    }

    /** @throws IllegalArgumentException naming the known ids if {@code id} is none of them */
    public static Injection byId(String id) {
        return SwitchIds.byId(values(), Injection::id, id, "injection");
    }
}
