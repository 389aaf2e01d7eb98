package dev.mmspec.runtime;

/**
 * The catalogue's fixes. Each is a switch in {@link KernelConfig}, on by default; switching one off brings back the
 * race of its report.
 */
public enum Fix {
    /** KSM checks {@code refcount == mapcount + 1 + swapcache} under the PT lock with the PTE cleared (seed 000). */
    KSM_WRPROTECT_REFCOUNT("ksm_wrprotect_refcount"),
    /** fork copies a maybe-pinned exclusive anonymous page instead of sharing it (70e806e4e645). */
    FORK_COPY_PINNED("fork_copy_pinned"),
    /** Long-term writable pins of dirty-tracked file mappings are refused (8ac268436e6d, seed 001). */
    GUP_WRITE_NOTIFY("gup_write_notify"),
    /** try_to_unmap remembers PG_anon_exclusive in the swap PTE (1493a1913e34, seed 002). */
    SWAP_PTE_EXCLUSIVE("swap_pte_exclusive"),
    /** vma_adjust changes vm_start/vm_pgoff under the anon_vma lock (012f18004da3, seed 003). */
    MIGRATION_RMAP_LOCK("migration_rmap_lock"),
    /**
     * A file fault rechecks mapping and i_size under the folio lock; truncate unmaps COWed pages again (d00806b18315,
     * seed 004).
     */
    FAULT_TRUNCATE_RECHECK("fault_truncate_recheck"),
    /** A FOLL_FORCE write follows a read-only PTE only to an exclusive anonymous page (19be0eaffa3a, 5535be309971). */
    GUP_FORCE_COW_RECHECK("gup_force_cow_recheck"),
    /**
     * A write fault reuses an anonymous page only if it is exclusive or provably unreferenced (09854ba94c6a,
     * 6c287605fd56).
     */
    COW_REUSE_EXCLUSIVE("cow_reuse_exclusive");

    private final String id;

    Fix(String id) {
        this.id = id;
    }

    /** @return the fix id as specs name it ({@code swap_pte_exclusive}). */
    public String id() {
        return id;
    }

    /** @throws IllegalArgumentException naming the known ids if {@code id} is none of them */
    public static Fix byId(String id) {
        return SwitchIds.byId(values(), Fix::id, id, "fix");
    }
}
