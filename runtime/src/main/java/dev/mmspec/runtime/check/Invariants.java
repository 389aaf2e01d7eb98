package dev.mmspec.runtime.check;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.rmap.AnonVma;
import dev.mmspec.runtime.swap.SwapDevice;
import dev.mmspec.runtime.vma.Vma;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kernel-wide invariants of the catalogue, checked over the whole state at a quiescent point (no operation in
 * flight, so no lock may be held and every count must add up). The generated suites also check them at every step
 * boundary of a simulated task (generated-tests' CheckedKernel), leaving out the lock-freedom ones and those a spec's
 * own operation breaks between two of its steps, so the rest must hold between any two steps of the runtime too.
 */
public final class Invariants {
    private final Kernel kernel;
    private final List<String> violations = new ArrayList<>();
    private int checked;

    public Invariants(Kernel kernel) {
        this.kernel = kernel;
    }

    /** @return every violation found, each naming the invariant and the objects. */
    public List<String> check() {
        violations.clear();
        checked = 0;
        Map<Folio, Integer> mappings = new HashMap<>();
        Map<Integer, Integer> swapRefs = new HashMap<>();
        Map<AnonVma, Integer> active = new HashMap<>();
        Map<Integer, Integer> exclusiveSwapRefs = new HashMap<>();
        Set<Folio> dirtyMapped = new HashSet<>();
        Set<Vma> liveVmas = new HashSet<>();
        Set<AnonVma> anonVmas = new HashSet<>();
        for (Mm mm : kernel.mms()) {
            checkMm(mm, mappings, swapRefs, exclusiveSwapRefs, dirtyMapped, active);
            checkVmaLayout(mm);
            for (Vma vma : mm.vmas()) {
                liveVmas.add(vma);
                anonVmas.addAll(vma.anonVmaChain());
                if (vma.file() != null) {
                    expect(
                            "file_vma_in_i_mmap",
                            vma.file().iMmap().contains(vma),
                            vma + " of " + mm + " is not in the i_mmap tree of " + vma.file());
                }
            }
        }
        for (AddressSpace file : kernel.files()) {
            for (Vma vma : file.iMmap()) {
                // munmap and exit unlink a VMA from the file's tree: one left there is walked by rmap and truncate.
                expect("i_mmap_holds_live_vmas", liveVmas.contains(vma), vma + " in the i_mmap tree of " + file);
            }
            file.cachedFolios()
                    .forEach((index, folio) -> expect(
                            "page_cache_consistent",
                            !folio.freed() && folio.mapping() == file && folio.index() == index,
                            file + " caches " + folio + " at index " + index));
        }
        for (Folio folio : kernel.liveFolios()) {
            if (folio.mapping() instanceof AnonVma anonVma) {
                anonVmas.add(anonVma);
            }
        }
        for (AnonVma anonVma : anonVmas) {
            for (Vma vma : anonVma.vmas()) {
                // unlink_anon_vmas() at munmap and exit: a VMA left in the tree is walked after it is gone.
                expect(
                        "anon_vma_tree_holds_live_vmas",
                        liveVmas.contains(vma) && vma.anonVmaChain().contains(anonVma),
                        vma + " in the tree of " + anonVma);
            }
        }
        exclusiveSwapRefs.forEach((slot, exclusive) -> expect(
                "swap_exclusive_only_single",
                exclusive == 1 && kernel.swap().view(slot).count() == 1,
                "slot " + slot + " has " + exclusive + " exclusive swap PTEs of "
                        + kernel.swap().view(slot).count()));
        active.forEach((anonVma, vmas) -> expect(
                "anon_vma_active_vmas_counted",
                anonVma.numActiveVmas() == vmas,
                anonVma + " counts " + anonVma.numActiveVmas() + " active VMAs but " + vmas + " have it as their own"));
        for (AddressSpace file : kernel.files()) {
            // A swapped-out shmem page's swap entry in the page cache holds the slot's count, as a swap PTE does.
            file.swapEntries().values().forEach(slot -> swapRefs.merge(slot, 1, Integer::sum));
        }
        for (Folio folio : kernel.liveFolios()) {
            checkFolio(folio, mappings.getOrDefault(folio, 0));
            checkCleanMatchesBacking(folio, dirtyMapped);
        }
        SwapDevice swap = kernel.swap();
        for (int s = 0; s < swap.slots(); s++) {
            SwapDevice.SlotView slot = swap.view(s);
            expect(
                    "swap_count_matches_ptes",
                    slot.count() == swapRefs.getOrDefault(s, 0),
                    "slot " + s + " count " + slot.count() + " but " + swapRefs.getOrDefault(s, 0)
                            + " swap PTEs and shmem swap entries");
            if (slot.cached()) {
                // A null folio is a swapcache_prepare() that was never cleared (a swap-in that skips the cache).
                expect(
                        "swap_cache_consistent",
                        slot.folio() != null
                                && slot.folio().swapcache()
                                && slot.folio().swapSlot() == s,
                        "slot " + s + " caches " + slot.folio());
            }
        }
        expect(
                "no_lock_inversion",
                kernel.lockdep().inversions().isEmpty(),
                String.valueOf(kernel.lockdep().inversions()));
        expect("no_kernel_bug", kernel.bugs().isEmpty(), String.valueOf(kernel.bugs()));
        return List.copyOf(violations);
    }

    /** @return how many individual checks the last {@link #check} made. */
    public int checked() {
        return checked;
    }

    /**
     * Checks {@code mm} and its PTEs, in the one walk over them that also counts what the kernel-wide checks need.
     *
     * @param mappings per folio, the present PTEs mapping it
     * @param swapRefs per swap slot, the swap PTEs naming it
     * @param exclusiveSwapRefs per swap slot, the swap PTEs with the exclusive bit (1493a1913e34)
     * @param dirtyMapped the folios a present PTE with the hardware dirty bit maps
     */
    private void checkMm(
            Mm mm,
            Map<Folio, Integer> mappings,
            Map<Integer, Integer> swapRefs,
            Map<Integer, Integer> exclusiveSwapRefs,
            Set<Folio> dirtyMapped,
            Map<AnonVma, Integer> active) {
        expect("locks_free_at_quiescence", !mm.mmapLock().isLocked(), mm + " mmap_lock held");
        for (Vma vma : mm.vmas()) {
            checkAnonVmaChain(vma, active);
        }
        for (PageTable table : mm.pageTables()) {
            expect("locks_free_at_quiescence", !table.ptl().isLocked(), table + " ptl held");
            for (long a = table.firstAddress(); a < table.firstAddress() + table.size(); a++) {
                Pte pte = table.get(a);
                if (pte.isNone()) {
                    continue;
                }
                Vma vma = mm.findVma(a);
                expect("pte_inside_vma", vma != null, mm + ":" + a + " " + pte + " outside any VMA");
                if (pte instanceof Pte.Present p) {
                    mappings.merge(p.folio(), 1, Integer::sum);
                    if (p.dirty()) {
                        dirtyMapped.add(p.folio());
                    }
                    checkPresent(mm, a, p, vma);
                } else if (pte instanceof Pte.Swap s) {
                    swapRefs.merge(s.slot(), 1, Integer::sum);
                    if (s.exclusive()) {
                        exclusiveSwapRefs.merge(s.slot(), 1, Integer::sum);
                    }
                } else if (pte instanceof Pte.Migration m) {
                    expect(
                            "migration_entry_only_while_locked",
                            m.folio().locked() && !m.folio().freed(),
                            mm + ":" + a + " " + pte + " -> " + m.folio());
                }
            }
        }
    }

    /**
     * The anon_vma_chain as anon_vma_fork() and anon_vma_clone() build it: a VMA's own anon_vma is on its chain, every
     * anon_vma on the chain has the VMA in its interval tree, and all of them share one root (the one lock the rmap
     * takes), so a page of any of them is found here.
     */
    private void checkAnonVmaChain(Vma vma, Map<AnonVma, Integer> active) {
        AnonVma own = vma.anonVma();
        var chain = vma.anonVmaChain();
        if (own == null) {
            expect("anon_vma_chain_empty_without_anon_vma", chain.isEmpty(), vma + " chained to " + chain);
            return;
        }
        active.merge(own, 1, Integer::sum);
        expect("anon_vma_on_own_chain", chain.contains(own), vma + ": " + own + " not in " + chain);
        for (AnonVma anonVma : chain) {
            expect(
                    "anon_vma_chain_in_interval_tree",
                    anonVma.vmas().contains(vma),
                    vma + " not in the tree of " + anonVma);
            expect("anon_vma_chain_one_root", anonVma.root() == own.root(), vma + ": " + anonVma + " vs " + own);
        }
    }

    private void checkPresent(Mm mm, long a, Pte.Present p, Vma vma) {
        Folio folio = p.folio();
        String where = mm + ":" + a + " " + p + " -> " + folio;
        if (folio.isZero()) {
            // The zero page is special: never writable, never anything but zeroes, in no rmap.
            expect("zero_page_read_only", !p.writable(), where);
            expect("zero_page_zeroed", folio.holds(0, new byte[Folio.PAGE_SIZE]), where);
            return;
        }
        expect("pte_maps_live_folio", !folio.freed(), where);
        if (p.writable() && vma != null) {
            // Only a write fault or mprotect makes a PTE writable, both only in a VM_WRITE VMA.
            expect("writable_pte_in_writable_vma", vma.writable(), where + " in " + vma);
        }
        if (p.writable() && folio.isAnon()) {
            expect("writable_implies_exclusive", folio.anonExclusive() && !folio.ksm(), where);
        }
        if (!folio.isAnon()) {
            expect("no_pte_maps_truncated_folio", folio.mapping() instanceof AddressSpace, where);
        }
        if (vma != null && folio.ksm()) {
            // rmap_walk_ksm() finds a KSM mapping only through an rmap_item of its anon_vma and address.
            expect(
                    "ksm_rmap_finds_mapping",
                    kernel.ksm().rmapItems(folio).stream()
                            .anyMatch(item -> item.address() == a
                                    && item.anonVma() != null
                                    && item.anonVma().vmas().contains(vma)),
                    where + " in " + vma);
        }
        if (vma != null && !folio.ksm() && folio.mapping() != null) {
            // Reclaim and migration find mappings only through the rmap: a mapping it cannot compute is lost to them.
            expect(
                    "rmap_finds_mapping",
                    vma.addressOf(folio.index()) == a
                            && (folio.mapping() instanceof AnonVma anonVma
                                    ? anonVma.vmas().contains(vma)
                                    : folio.mapping() == vma.file()),
                    where + " in " + vma);
        }
        if (vma != null && vma.file() != null) {
            expect(
                    "no_pte_beyond_eof",
                    vma.linearIndex(a) < vma.file().sizeInPages(),
                    where + " beyond EOF of " + vma.file() + " (" + vma.file().iSize() + " bytes)");
        }
    }

    /** The VMA list as find_vma() needs it: each VMA non-empty, none overlapping the next. */
    private void checkVmaLayout(Mm mm) {
        Vma previous = null;
        for (Vma vma : mm.vmas()) {
            expect("vma_non_empty", vma.start() < vma.end(), vma + " of " + mm);
            if (previous != null) {
                expect("vmas_disjoint", previous.end() <= vma.start(), previous + " overlaps " + vma + " in " + mm);
            }
            previous = vma;
        }
    }

    /**
     * A clean folio (no PG_dirty, no writeback, no dirty PTE mapping it) holds what its backing store holds: reclaim
     * drops a clean swap-cache or page-cache folio without writing it, so one whose data is newer would lose it (a
     * store or DMA that did not dirty the page, an add_to_swap that did not mark it dirty, a writeback that cleaned it
     * without writing). Shmem pages have no disk block, only a swap slot while swapped.
     */
    private void checkCleanMatchesBacking(Folio folio, Set<Folio> dirtyMapped) {
        if (folio.dirty() || folio.writeback() || dirtyMapped.contains(folio)) {
            return;
        }
        byte[] backing = null;
        String where = null;
        if (folio.swapcache()) {
            backing = kernel.swap().view(folio.swapSlot()).data();
            where = "swap slot " + folio.swapSlot();
        } else if (folio.mapping() instanceof AddressSpace file && !file.shmem() && file.peek(folio.index()) == folio) {
            backing = file.readDisk(folio.index());
            where = file + " block " + folio.index();
        }
        if (backing != null) {
            expect(
                    "clean_page_matches_backing",
                    Arrays.equals(folio.contents(), backing),
                    folio + " is clean but differs from " + where);
        }
    }

    private void checkFolio(Folio folio, int ptes) {
        int caches = (folio.swapcache() ? 1 : 0)
                + (folio.mapping() instanceof AddressSpace file && file.peek(folio.index()) == folio ? 1 : 0);
        expect("mapcount_matches_ptes", folio.mapcount() == ptes, folio + " mapped by " + ptes + " PTEs");
        expect(
                "refcount_covers_users",
                folio.refcount() >= folio.mapcount() + caches + folio.pincount(),
                folio.toString());
        expect("refcount_positive", folio.refcount() > 0, folio.toString());
        if (folio.anonExclusive()) {
            // PG_anon_exclusive: one PTE of one process owns the page (fork clears it or copies).
            expect("exclusive_mapped_once", ptes <= 1, folio + " mapped by " + ptes + " PTEs");
        }
        expect("locks_free_at_quiescence", !folio.locked(), folio + " locked");
        if (folio.isFile() && folio.dirty() && ((AddressSpace) folio.mapping()).dirtyTracked()) {
            expect("dirty_implies_notified", folio.fsNotified(), folio.toString());
        }
    }

    private void expect(String invariant, boolean holds, String detail) {
        checked++;
        if (!holds) {
            violations.add(invariant + ": " + detail);
        }
    }
}
