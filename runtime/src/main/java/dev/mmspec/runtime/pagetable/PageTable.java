package dev.mmspec.runtime.pagetable;

import dev.mmspec.runtime.lock.LockClass;
import dev.mmspec.runtime.lock.LockEnv;
import dev.mmspec.runtime.lock.Mutex;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One PTE page: a fixed run of consecutive addresses (page numbers) of one mm, with its split PT lock. Reads are
 * lockless ({@code ptep_get}, as GUP-fast does); every change needs the PT lock.
 */
public final class PageTable {
    private final Object mm;
    private final long firstAddress;
    private final Mutex ptl;
    private final AtomicReferenceArray<Pte> entries;

    public PageTable(LockEnv env, Object mm, long firstAddress, int size) {
        this.mm = mm;
        this.firstAddress = firstAddress;
        this.entries = new AtomicReferenceArray<>(size);
        for (int i = 0; i < size; i++) {
            entries.set(i, Pte.NONE);
        }
        this.ptl = new Mutex(env, LockClass.PTL, this);
    }

    /** @return the page table lock (split ptlock). */
    public Mutex ptl() {
        return ptl;
    }

    /** @return the mm this table belongs to. */
    public Object mm() {
        return mm;
    }

    public long firstAddress() {
        return firstAddress;
    }

    public int size() {
        return entries.length();
    }

    public boolean covers(long address) {
        return address >= firstAddress && address < firstAddress + entries.length();
    }

    /** ptep_get(): a lockless read; only a read under the PT lock is stable. */
    public Pte get(long address) {
        return entries.get(slot(address));
    }

    /** set_pte_at(). Context: PT lock held. */
    public void set(long address, Pte pte) {
        ptl.assertHeld("set_pte_at", this);
        entries.set(slot(address), pte);
    }

    /**
     * ptep_get_and_clear() with the TLB flush: after it no CPU or GUP-fast can use the old entry. Context: PT lock
     * held.
     */
    public Pte clear(long address) {
        ptl.assertHeld("ptep_clear_flush", this);
        return entries.getAndSet(slot(address), Pte.NONE);
    }

    private int slot(long address) {
        if (!covers(address)) {
            throw new IllegalArgumentException("address " + address + " outside " + this);
        }
        return (int) (address - firstAddress);
    }

    @Override
    public String toString() {
        return "pte_table[" + firstAddress + ".." + (firstAddress + entries.length() - 1) + "] of " + mm;
    }
}
