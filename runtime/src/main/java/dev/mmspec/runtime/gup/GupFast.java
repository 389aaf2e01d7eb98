package dev.mmspec.runtime.gup;

import dev.mmspec.runtime.Fix;
import dev.mmspec.runtime.Injection;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.Set;

/**
 * gup_fast_pte_range(): no mmap_lock, no PT lock. The protocol (B1 to B5 of __folio_try_share_anon_rmap) is what lets
 * KSM, swap and migration clear PG_anon_exclusive safely: they clear the PTE first and check references after, so a
 * grab either sees the cleared PTE in its recheck or is seen by their check.
 */
final class GupFast {
    private final Kernel kernel;

    GupFast(Kernel kernel) {
        this.kernel = kernel;
    }

    GupResult get(Mm mm, long address, Set<Foll> flags) {
        boolean pin = flags.contains(Foll.PIN);
        boolean write = flags.contains(Foll.WRITE);
        String prefix = pin ? "gup_pin" : "gup_get";
        kernel.point(prefix + ".fast_read");
        Pte pte = mm.pte(address); // B1
        if (!(pte instanceof Pte.Present present) || (write && !present.writable())) { // B2
            return new GupResult(Outcome.EAGAIN, null);
        }
        Folio folio = present.folio();
        if (folio.isZero()) {
            // pte_special(): the zero page is not a normal page; the slow path handles it.
            return new GupResult(Outcome.EAGAIN, null);
        }
        if (write
                && pin
                && flags.contains(Foll.LONGTERM)
                && folio.isFile()
                && kernel.fixed(Fix.GUP_WRITE_NOTIFY)
                && !(folio.mapping() instanceof AddressSpace file && file.shmem())) {
            // gup_fast_folio_allowed(): only shmem is known not to need write notification without
            // the VMA; let the slow path decide for the rest (it refuses dirty-tracked files).
            return new GupResult(Outcome.EAGAIN, null);
        }
        kernel.point(prefix + ".fast_grab");
        if (!(pin ? folio.tryPin() : folio.tryGet())) { // B3
            return new GupResult(Outcome.EAGAIN, null);
        }
        boolean changed = !mm.pte(address).equals(pte) && !kernel.injected(Injection.GUP_FAST_NO_RECHECK); // B4
        if (changed || (!present.writable() && Gup.mustUnshare(null, folio, flags, kernel))) { // B5
            if (pin) {
                folio.unpin();
            } else {
                folio.put();
            }
            return new GupResult(Outcome.EAGAIN, null);
        }
        if (pin) {
            mm.setHasPinned();
        }
        return new GupResult(Outcome.OK, new GupRef(folio, mm, address, pin, write));
    }
}
