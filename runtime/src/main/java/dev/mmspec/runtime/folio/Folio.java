package dev.mmspec.runtime.folio;

import dev.mmspec.runtime.lock.LockClass;
import dev.mmspec.runtime.lock.LockEnv;
import dev.mmspec.runtime.lock.Mutex;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A single-page folio: counts, flags, what it belongs to ({@code mapping}, {@code index}) and its contents. Counts are
 * atomics, as in the kernel; the "no unexpected references" checks built on them are made under the locks the callers
 * document. Identity: {@link #serial()} is unique per kernel and never reused, so a binding can rename folios
 * canonically.
 */
public final class Folio {
    /** Bytes per page: few, but real, so that lost writes and leaks show in what users read. */
    public static final int PAGE_SIZE = 8;

    private final FolioAllocator allocator;
    private final long serial;
    /** The shared zero page: mapped read-only anywhere, never counted, never written, never freed. */
    private final boolean zero;

    private final Mutex lock;
    private final AtomicInteger refcount = new AtomicInteger(1);
    private final AtomicInteger mapcount = new AtomicInteger();
    private final AtomicInteger pincount = new AtomicInteger();
    private final byte[] data = new byte[PAGE_SIZE];

    private volatile boolean dirty;
    private volatile boolean writeback;
    private volatile boolean swapcache;
    private volatile boolean anonExclusive;
    private volatile boolean ksm;
    private volatile boolean lazyfree;
    private volatile boolean fsNotified;
    private volatile boolean freed;
    private volatile Object mapping;
    private volatile long index;
    private volatile int swapSlot = -1;

    Folio(FolioAllocator allocator, LockEnv env, long serial) {
        this(allocator, env, serial, false);
    }

    private Folio(FolioAllocator allocator, LockEnv env, long serial, boolean zero) {
        this.allocator = allocator;
        this.serial = serial;
        this.zero = zero;
        this.lock = new Mutex(env, LockClass.FOLIO_LOCK, this);
    }

    /** The kernel's ZERO_PAGE, serial 0 (allocated folios start at 1), outside the allocator's limit and live set. */
    static Folio zeroPage(FolioAllocator allocator, LockEnv env) {
        return new Folio(allocator, env, 0, true);
    }

    /**
     * is_zero_folio(). The zero page's mapcount and pincount never change, and neither does its refcount when it is
     * mapped, unmapped or pinned (is_zero_pfn in vm_normal_page: a special PTE takes no reference; try_grab_folio() and
     * gup_put_folio() skip it for FOLL_PIN since c8070b787519, "mm: Don't pin ZERO_PAGE in pin_user_pages()"), so those
     * count operations below are no-ops for it and nothing can free it. A FOLL_GET reference is the exception:
     * try_grab_folio() adds it to the zero page's refcount as to any page's, and put_page() drops it ({@link #gupGet},
     * {@link #gupPut}).
     */
    public boolean isZero() {
        return zero;
    }

    public long serial() {
        return serial;
    }

    /** @return the folio lock (PG_locked). */
    public Mutex lock() {
        return lock;
    }

    public boolean locked() {
        return lock.isLocked();
    }

    // ---- reference counts

    public int refcount() {
        return refcount.get();
    }

    public int mapcount() {
        return mapcount.get();
    }

    public int pincount() {
        return pincount.get();
    }

    /**
     * folio_get(): the caller already has a reference (or a lock that keeps the folio alive). Like the kernel's
     * VM_BUG_ON_FOLIO before folio_ref_inc(), the check comes first: a wrong caller is stopped with the count it met.
     */
    public void get() {
        if (zero) {
            return;
        }
        if (!incrementIfPositive()) {
            throw new IllegalStateException("folio_get on a free folio: " + this);
        }
    }

    /**
     * try_grab_folio() with FOLL_GET: folio_ref_add(), which, unlike a mapping's reference, counts on the zero page
     * too. Context: the caller holds the PT lock of a PTE that maps the folio.
     */
    public void gupGet() {
        if (!incrementIfPositive()) {
            throw new IllegalStateException("folio_get on a free folio (try_grab_folio): " + this);
        }
    }

    /** put_page() of a FOLL_GET reference: {@link #gupGet}'s counterpart; the zero page's count never reaches zero. */
    public void gupPut() {
        if (!zero) {
            put();
        } else if (refcount.decrementAndGet() < 1) {
            throw allocator.bug("put_page of the zero page without a FOLL_GET reference", this);
        }
    }

    /** folio_try_get(): take a reference unless the count is zero (freed or frozen). */
    public boolean tryGet() {
        return zero || incrementIfPositive();
    }

    /** folio_ref_add_unless(folio, 1, 0): @return false, the count unchanged, if it is zero (freed or frozen) */
    private boolean incrementIfPositive() {
        while (true) {
            int old = refcount.get();
            if (old <= 0) {
                return false;
            }
            if (refcount.compareAndSet(old, old + 1)) {
                return true;
            }
        }
    }

    /**
     * folio_put(): the last reference frees the folio. As folio_put_testzero()'s VM_BUG_ON_FOLIO does, a put of a count
     * already zero is refused before the count changes.
     */
    public void put() {
        if (zero) {
            return;
        }
        while (true) {
            int old = refcount.get();
            if (old <= 0) {
                throw new IllegalStateException("folio_put underflow: " + this);
            }
            if (refcount.compareAndSet(old, old - 1)) {
                if (old == 1) {
                    allocator.free(this);
                }
                return;
            }
        }
    }

    /**
     * folio_ref_freeze(): succeeds only if the count is exactly {@code expected}, leaving it at 0 so that no lookup can
     * take a new reference. The caller then releases it with {@link FolioAllocator#release}.
     */
    public boolean refFreeze(int expected) {
        return !zero && refcount.compareAndSet(expected, 0);
    }

    /** folio_ref_unfreeze(): set the count of a frozen folio back to {@code count}. */
    public void refUnfreeze(int count) {
        if (!refcount.compareAndSet(0, count)) {
            throw new IllegalStateException("unfreezing a folio that is not frozen: " + this);
        }
    }

    public void mapcountInc() {
        if (zero) {
            return;
        }
        mapcount.incrementAndGet();
    }

    public void mapcountDec() {
        if (zero) {
            return;
        }
        if (mapcount.decrementAndGet() < 0) {
            throw new IllegalStateException("mapcount underflow: " + this);
        }
    }

    /** A FOLL_PIN reference: counted both in the refcount and in the pincount. */
    public void pin() {
        if (zero) {
            return;
        }
        get();
        pincount.incrementAndGet();
    }

    /** A FOLL_PIN reference taken locklessly (GUP-fast): fails if the folio is being freed. */
    public boolean tryPin() {
        if (zero) {
            return true;
        }
        if (!tryGet()) {
            return false;
        }
        pincount.incrementAndGet();
        return true;
    }

    public void unpin() {
        if (zero) {
            return;
        }
        if (pincount.decrementAndGet() < 0) {
            throw new IllegalStateException("unpin of an unpinned folio: " + this);
        }
        put();
    }

    /** folio_maybe_dma_pinned(): true means "probably pinned for DMA"; exact here. */
    public boolean maybeDmaPinned() {
        return pincount.get() > 0;
    }

    public boolean mapped() {
        return mapcount.get() > 0;
    }

    // ---- identity: anonymous (mapping is an anon_vma), file (mapping is an address_space), KSM

    public Object mapping() {
        return mapping;
    }

    public void setMapping(Object mapping, long index) {
        this.mapping = mapping;
        this.index = index;
    }

    public long index() {
        return index;
    }

    public boolean isAnon() {
        return ksm || mapping instanceof dev.mmspec.runtime.rmap.AnonVma;
    }

    public boolean isFile() {
        return !ksm && mapping instanceof dev.mmspec.runtime.filemap.AddressSpace;
    }

    // ---- flags

    public boolean dirty() {
        return dirty;
    }

    public void setDirty(boolean dirty) {
        this.dirty = dirty;
    }

    public boolean writeback() {
        return writeback;
    }

    public void setWriteback(boolean writeback) {
        this.writeback = writeback;
    }

    public boolean swapcache() {
        return swapcache;
    }

    /** @return the swap slot while in the swap cache, else -1. */
    public int swapSlot() {
        return swapSlot;
    }

    /** Context: folio lock held (the swap cache and PG_swapcache change only under it). */
    public void setSwapcache(int slot) {
        lock.assertHeld("folio_set_swapcache", this);
        this.swapSlot = slot;
        this.swapcache = slot >= 0;
    }

    public boolean anonExclusive() {
        return anonExclusive;
    }

    public void setAnonExclusive(boolean exclusive) {
        this.anonExclusive = exclusive;
    }

    public boolean ksm() {
        return ksm;
    }

    /**
     * @return whether MADV_FREE made this anonymous folio lazily freeable (PG_swapbacked cleared): reclaim may discard
     *     it instead of swapping it, as long as nobody dirtied it since
     */
    public boolean lazyfree() {
        return lazyfree;
    }

    public void setLazyfree(boolean lazyfree) {
        this.lazyfree = lazyfree;
    }

    public void setKsm(boolean ksm) {
        this.ksm = ksm;
    }

    /**
     * @return whether the filesystem holds its per-folio state (buffers, reserved blocks) so the folio may be dirtied:
     *     attached by read_folio and page_mkwrite, released when writeback cleans the folio. Dirtying without it is the
     *     BUG of seed 001 (set_page_dirty after a GUP write bypassed page_mkwrite).
     */
    public boolean fsNotified() {
        return fsNotified;
    }

    public void setFsNotified(boolean notified) {
        this.fsNotified = notified;
    }

    public boolean freed() {
        return freed;
    }

    void markFreed() {
        freed = true;
        mapping = null;
        swapcache = false;
        swapSlot = -1;
    }

    // ---- contents

    public byte read(int offset) {
        synchronized (data) {
            return data[offset];
        }
    }

    public void write(int offset, byte value) {
        refuseZero();
        synchronized (data) {
            data[offset] = value;
        }
    }

    public void write(int offset, byte[] bytes) {
        refuseZero();
        synchronized (data) {
            System.arraycopy(bytes, 0, data, offset, bytes.length);
        }
    }

    public byte[] contents() {
        synchronized (data) {
            return data.clone();
        }
    }

    public void copyFrom(byte[] source) {
        refuseZero();
        synchronized (data) {
            System.arraycopy(source, 0, data, 0, PAGE_SIZE);
        }
    }

    public void copyFrom(Folio source) {
        copyFrom(source.contents());
    }

    /** Every page that maps the zero page reads zeroes: a store into it would show in all of them. */
    private void refuseZero() {
        if (zero) {
            throw allocator.bug("write to the shared zero page", this);
        }
    }

    /** @return whether the bytes at {@code offset} equal {@code bytes}. */
    public boolean holds(int offset, byte[] bytes) {
        synchronized (data) {
            return Arrays.equals(data, offset, offset + bytes.length, bytes, 0, bytes.length);
        }
    }

    @Override
    public String toString() {
        if (zero) {
            return "zero_page";
        }
        return "folio#" + serial + "{ref=" + refcount + ", map=" + mapcount + ", pin=" + pincount
                + (locked() ? ", locked" : "") + (dirty ? ", dirty" : "") + (writeback ? ", writeback" : "")
                + (swapcache ? ", swapcache(slot " + swapSlot + ")" : "") + (anonExclusive ? ", anon_exclusive" : "")
                + (ksm ? ", ksm" : "") + (lazyfree ? ", lazyfree" : "") + (freed ? ", FREED" : "") + ", "
                + (isAnon() ? "anon" : isFile() ? "file" : "none")
                + " index " + index + ", data=" + Arrays.toString(contents()) + "}";
    }
}
