package dev.mmspec.binding;

import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.PageTable;
import dev.mmspec.runtime.pagetable.Pte;

/**
 * A parent process and the one child its {@code fork()} makes (dup_mmap(), copy_page_range()), as the fork specs see
 * them.
 *
 * <p>Lock names: the parent's mmap_lock and PT lock are the spec's {@code mmap_lock} and {@code ptl}; the child's PT
 * lock, which copy_page_range() nests inside the parent's, is {@code child_ptl}; the child's mmap_lock (private to fork
 * until it returns) and the anon_vma rwsem are not in the specs.
 */
final class ParentAndChild {
    /** The spec's fields of a present PTE at address {@code a}. */
    interface PteFields {
        /** @param folio the canonical name of the folio it maps */
        void set(int a, int folio, boolean writable, boolean dirty);
    }

    private final Kernel kernel;
    private final Mm parent;
    private volatile Mm child;

    ParentAndChild(Kernel kernel, Mm parent) {
        this.kernel = kernel;
        this.parent = parent;
    }

    Mm parent() {
        return parent;
    }

    /** @return the child, or null before a {@code fork()} succeeded */
    Mm child() {
        return child;
    }

    /** The spec's {@code fork()}. @return ENOMEM's label if the copy ran out of memory, else "" */
    String fork() {
        Mm made = kernel.fork().fork(parent);
        if (made == null) {
            return Outcome.ENOMEM.label();
        }
        child = made;
        return "";
    }

    /** @return the spec lock of a runtime lock event, or null for a lock the specs do not declare */
    SpecLocks.Name specLock(LockEvent e, CanonicalNames<Folio> folios) {
        int index;
        String lock = e.lockClass().lockName();
        if (e.instance() instanceof PageTable table && lock.equals("ptl")) {
            index = (int) table.firstAddress();
            if (table.mm() != parent) {
                lock = "child_ptl";
            }
        } else if (e.instance() instanceof Folio folio && lock.equals("folio_lock")) {
            index = folios.of(folio);
        } else if (e.instance() == parent && lock.equals("mmap_lock")) {
            index = -1;
        } else {
            return null;
        }
        return new SpecLocks.Name(lock, index);
    }

    /**
     * The abstraction of both processes' PTEs at addresses 0 to {@code addresses - 1}: each of the parent's, present
     * since nothing in the fork specs unmaps the parent's page, to {@code parentFields}; each present PTE of the child
     * to {@code childFields} (it has none before {@code fork()} or after it unmapped its page). Folios are named as
     * met, the parent's PTE before the child's at each address.
     *
     * @throws IllegalStateException for a PTE of another kind
     */
    void abstractPtes(int addresses, CanonicalNames<Folio> folios, PteFields parentFields, PteFields childFields) {
        Mm c = child;
        for (int a = 0; a < addresses; a++) {
            if (!(parent.pte(a) instanceof Pte.Present p)) {
                throw new IllegalStateException("the parent has no PTE like " + parent.pte(a));
            }
            parentFields.set(a, folios.of(p.folio()), p.writable(), p.dirty());
            Pte cp = c == null ? Pte.NONE : c.pte(a);
            if (cp instanceof Pte.Present q) {
                childFields.set(a, folios.of(q.folio()), q.writable(), q.dirty());
            } else if (!cp.isNone()) {
                throw new IllegalStateException("the child has no PTE like " + cp);
            }
        }
    }
}
