package dev.mmspec.runtime.pagetable;

import dev.mmspec.runtime.folio.Folio;

/**
 * A leaf page table entry. Immutable: a PTE changes by replacing it under the PT lock, and {@code equals} is the
 * kernel's {@code pte_same} (folios compare by identity, like PFNs).
 */
public sealed interface Pte {

    /** The empty entry. */
    Pte NONE = new None();

    record None() implements Pte {
        @Override
        public String toString() {
            return "none";
        }
    }

    /** A mapped page; {@code dirty} is the hardware dirty bit. */
    record Present(Folio folio, boolean writable, boolean dirty) implements Pte {
        public Present withWritable(boolean w) {
            return new Present(folio, w, dirty);
        }

        @Override
        public String toString() {
            return "present(folio#" + folio.serial() + (writable ? ", rw" : ", ro") + (dirty ? ", dirty" : "") + ")";
        }
    }

    /** A swapped-out anonymous page: its slot, and the exclusive bit of 1493a1913e34. */
    record Swap(int slot, boolean exclusive) implements Pte {
        @Override
        public String toString() {
            return "swap(slot " + slot + (exclusive ? ", exclusive" : "") + ")";
        }
    }

    /**
     * A migration entry: the page is being migrated and its folio is locked; faults wait. Writable and
     * readable-exclusive entries are the kernel's SWP_MIGRATION_WRITE / _READ_EXCLUSIVE types.
     */
    record Migration(Folio folio, boolean writable, boolean exclusive) implements Pte {
        @Override
        public String toString() {
            return "migration(folio#" + folio.serial()
                    + (writable ? ", write" : exclusive ? ", read_exclusive" : ", read") + ")";
        }
    }

    default boolean isNone() {
        return this instanceof None;
    }

    /** @return the folio a present PTE maps, else null. */
    default Folio presentFolio() {
        return this instanceof Present p ? p.folio() : null;
    }
}
