package dev.mmspec.runtime.fault;

import dev.mmspec.runtime.pagetable.PageTable;

/**
 * What the CPU does once the fault is handled: a load or a store through the PTE, done under the PT lock that finished
 * the fault so that it is atomic with the mapping it used (no TLB here).
 */
@FunctionalInterface
public interface Access {
    /** Context: PT lock of {@code table} held. @return whether the access went through the PTE */
    boolean at(PageTable table, long address);
}
