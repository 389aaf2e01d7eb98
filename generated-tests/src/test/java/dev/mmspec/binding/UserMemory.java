package dev.mmspec.binding;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.swap.SwapDevice;
import dev.mmspec.runtime.vma.Vma;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * User memory as the application sees it, for the specs whose model has page contents: what a load from each modelled
 * page would read if the CPU issued it now, and what a store would do, both read off the runtime's state without
 * faulting or taking a reference, the way the fault path would resolve them (a swap PTE through the swap cache, else
 * the slot's disk block; a missing PTE of a file mapping through the page cache, else (shmem) the swap slot that
 * replaced it there, else the file's disk block; of an anonymous mapping, the zero page).
 *
 * <p>Page contents are decoded byte for byte ({@link Contents}): each data value of the spec stands for one exact page,
 * and the pages a spec starts with are never all zeroes, so a copy that was skipped or torn, a swap-in or read fault
 * that filled a page from the wrong place, or a store that landed at another offset leaves a page that is none of them.
 * The binding's abstraction then fails at the step that left it ("could not take the abstract state"), instead of
 * reading one byte and calling the rest whatever the model expects.
 *
 * <p>A binding reports the data value of every folio, slot and disk block from {@link Contents#valueOf}, and checks
 * with {@link #expectLoad} that what a load at each address reads is the value its abstraction implies for that address
 * (the folio its PTE maps, the swap-cache folio of its slot, the page-cache folio of its file page).
 */
final class UserMemory {
    /** What a store to a page would do if the CPU issued it now. */
    enum Store {
        /** a writable PTE: the store lands in the page it maps, without a fault */
        LANDS,
        /** a read-only present PTE: do_wp_page() copies or reuses the page first */
        WRITE_PROTECT_FAULT,
        /** no page mapped (none, swap or migration entry): the store faults the page in first */
        FAULTS_IN,
        /** no VMA, or a read-only one: SIGSEGV */
        SEGFAULT
    }

    /**
     * The page contents a spec's data values stand for: {@code images.get(v)} is the page a value {@code v} means, byte
     * for byte except at the {@code unmodelled} offsets, which only the binding's own bookkeeping writes (the CPU's
     * counter of the DMA buffers, which the specs do not track).
     */
    record Contents(List<byte[]> images, int[] unmodelled) {
        Contents {
            images = images.stream().map(byte[]::clone).toList();
            unmodelled = unmodelled.clone();
            for (byte[] image : images) {
                if (image.length != Folio.PAGE_SIZE) {
                    throw new IllegalArgumentException(
                            "a page image has " + Folio.PAGE_SIZE + " bytes, not " + image.length);
                }
            }
        }

        /** @return the contents whose value {@code v} is the page {@code byValue[v]} exactly */
        static Contents exact(byte[]... byValue) {
            return new Contents(List.of(byValue), new int[0]);
        }

        /** @return these contents with the bytes at {@code offsets} left out of the comparison */
        Contents ignoring(int... offsets) {
            return new Contents(images, offsets);
        }

        /** @return the page a value {@code v} stands for */
        byte[] image(int v) {
            return images.get(v).clone();
        }

        /**
         * @param where what holds the page, for the message ("folio#3", "slot 0", "disk block 0")
         * @return the data value {@code page} stands for
         * @throws IllegalStateException if the page is none of the images: stale, torn or misplaced data
         */
        int valueOf(byte[] page, String where) {
            for (int v = 0; v < images.size(); v++) {
                if (matches(images.get(v), page)) {
                    return v;
                }
            }
            HexFormat hex = HexFormat.ofDelimiter(" ");
            throw new IllegalStateException(where + " holds [" + hex.formatHex(page)
                    + "], none of the pages the spec's data values stand for: "
                    + images.stream().map(i -> "[" + hex.formatHex(i) + "]").toList()
                    + (unmodelled.length == 0 ? "" : " (bytes " + Arrays.toString(unmodelled) + " aside)"));
        }

        /** @return the data value {@code folio} holds */
        int valueOf(Folio folio) {
            return valueOf(folio.contents(), "folio#" + folio.serial());
        }

        private boolean matches(byte[] image, byte[] page) {
            if (page.length != image.length) {
                return false;
            }
            for (int i = 0; i < page.length; i++) {
                if (page[i] != image[i] && !unmodelled(i)) {
                    return false;
                }
            }
            return true;
        }

        private boolean unmodelled(int offset) {
            for (int u : unmodelled) {
                if (u == offset) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The page the specs' processes and files start with where the model says only "what was there": no byte zero, so
     * that a page the runtime allocated and forgot to fill (a skipped copy, a read that did not reach the disk) differs
     * from it at every offset.
     */
    private static final byte[] FILLED = {0x5a, (byte) 0xa5, 0x3c, (byte) 0xc3, 0x66, (byte) 0x99, 0x0f, (byte) 0xf0};

    /** @return a copy of the page the specs start with */
    static byte[] filled() {
        return FILLED.clone();
    }

    /** @return a copy of {@code page} with {@code bytes} at {@code offset} */
    static byte[] with(byte[] page, int offset, byte... bytes) {
        byte[] copy = page.clone();
        System.arraycopy(bytes, 0, copy, offset, bytes.length);
        return copy;
    }

    private final Kernel kernel;
    private final Contents contents;

    UserMemory(Kernel kernel, Contents contents) {
        this.kernel = kernel;
        this.contents = contents;
    }

    Contents contents() {
        return contents;
    }

    /**
     * The page a load from {@code address} in {@code mm} would read now: the folio a present PTE maps; for a migration
     * entry the folio being migrated (the load waits, then reads the copy, which must hold the same bytes); for a swap
     * entry the slot's swap-cache folio (do_swap_page() finds it by the slot, as swap_cache_get_folio does) or else the
     * slot's disk block; for no entry the page cache or disk block of a file mapping, or the zero page of an anonymous
     * one (do_anonymous_page() maps the zero page or a zeroed page).
     *
     * @return the page's bytes, or null if the load would be a SIGSEGV (no VMA)
     */
    byte[] load(Mm mm, long address) {
        Pte pte = mm.pte(address);
        if (pte instanceof Pte.Present p) {
            return p.folio().contents();
        }
        if (pte instanceof Pte.Migration m) {
            return m.folio().contents();
        }
        if (pte instanceof Pte.Swap s) {
            return slotContents(s.slot());
        }
        Vma vma = mm.findVma(address);
        if (vma == null) {
            return null;
        }
        if (vma.file() != null) {
            long index = vma.linearIndex(address);
            Folio cached = vma.file().peek(index);
            if (cached != null) {
                return cached.contents();
            }
            int shmemSlot = vma.file().swapEntry(index);
            // A shmem page written out to swap: shmem_swapin_folio() reads it from the slot's swap cache folio or
            // block.
            return shmemSlot >= 0 ? slotContents(shmemSlot) : vma.file().readDisk(index);
        }
        return kernel.zeroPage().contents();
    }

    /** @return what a swap-in of {@code slot} would read: its swap-cache folio, else its block */
    private byte[] slotContents(int slot) {
        SwapDevice.SlotView view = kernel.swap().view(slot);
        if (view.cached() && view.folio() != null) {
            return view.folio().contents();
        }
        return view.data() == null ? new byte[Folio.PAGE_SIZE] : view.data().clone();
    }

    /** @return what a store to {@code address} in {@code mm} would do now */
    Store store(Mm mm, long address) {
        Vma vma = mm.findVma(address);
        Pte pte = mm.pte(address);
        if (pte instanceof Pte.Present p && p.writable()) {
            return Store.LANDS; // the CPU does not ask the VMA (see UserAccess.writeOnce)
        }
        if (vma == null || !vma.writable()) {
            return Store.SEGFAULT;
        }
        return pte instanceof Pte.Present ? Store.WRITE_PROTECT_FAULT : Store.FAULTS_IN;
    }

    /**
     * Checks that a load from {@code address} reads the page of data value {@code value}, the one the binding's
     * abstraction implies there.
     *
     * @param who the process, for the message ("parent", "child")
     * @throws IllegalStateException if the load would read another page, or fault with SIGSEGV
     */
    void expectLoad(Mm mm, long address, int value, String who) {
        byte[] page = load(mm, address);
        String where = who + " load at " + address + " (" + mm.pte(address) + ")";
        if (page == null) {
            throw new IllegalStateException(where + " would fault with SIGSEGV; the abstraction has data " + value);
        }
        int read = contents.valueOf(page, where);
        if (read != value) {
            throw new IllegalStateException(
                    where + " reads the page of data " + read + ", but the abstraction has " + value + " there");
        }
    }

    /**
     * {@link #expectLoad} and {@link #expectStore} at each of the addresses 0 to {@code addresses - 1} of {@code mm}
     * that a present PTE or a migration entry maps: the load must read the data value of the folio the entry names, a
     * store land without a fault exactly if the PTE is writable. Other entries are the binding's to check.
     */
    void expectMapped(Mm mm, int addresses, String who) {
        for (int a = 0; a < addresses; a++) {
            Pte pte = mm.pte(a);
            if (pte instanceof Pte.Present p) {
                expectLoad(mm, a, contents.valueOf(p.folio()), who);
                expectStore(mm, a, p.writable(), who);
            } else if (pte instanceof Pte.Migration m) {
                expectLoad(mm, a, contents.valueOf(m.folio()), who);
                expectStore(mm, a, false, who);
            }
        }
    }

    /**
     * Checks that a store to {@code address} lands without a fault exactly when the abstraction's PTE there is
     * writable, and that it lands in a page the VMA lets the process write.
     *
     * @throws IllegalStateException otherwise
     */
    void expectStore(Mm mm, long address, boolean writable, String who) {
        Store store = store(mm, address);
        if ((store == Store.LANDS) != writable) {
            throw new IllegalStateException(who + " store at " + address + " (" + mm.pte(address) + ") " + store
                    + ", but the abstraction's PTE there is " + (writable ? "writable" : "not writable"));
        }
        Vma vma = mm.findVma(address);
        if (store == Store.LANDS && (vma == null || !vma.writable())) {
            throw new IllegalStateException(who + " store at " + address + " lands through " + mm.pte(address) + " in "
                    + (vma == null ? "no VMA" : "a read-only " + vma) + ", without a fault");
        }
    }
}
