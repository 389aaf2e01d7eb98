package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.generated.migrate_zap.MigrateZapBinding;
import dev.mmspec.generated.migrate_zap.MigrateZapState;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.gup.Foll;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.ArrayList;
import java.util.List;

/**
 * spec/migration/migrate_zap.mmspec on the runtime: one process with one private anonymous page at address 0, already
 * faulted in (the spec's {@code init}), one PTE per page table. The migrator is {@code Migration.migrate}, the zap
 * MADV_DONTNEED, the GUP reference get_user_pages(FOLL_WRITE | FOLL_NOFAULT) released by a device transfer
 * ({@link DmaBuffer}); the spec's {@code dma_complete} is {@link DmaBufferBinding}'s.
 */
public final class MigrateZapRuntimeBinding extends DmaBufferBinding implements MigrateZapBinding {
    static final int ADDRESSES = 1;
    static final int FOLIOS = 2;

    /** Found by ServiceLoader (see META-INF/services). */
    public static final class Factory implements MigrateZapBinding.Factory {
        @Override
        public MigrateZapBinding create(BindingContext context) {
            return new MigrateZapRuntimeBinding(context);
        }
    }

    MigrateZapRuntimeBinding(BindingContext context) {
        super(context, SpecKernel.config(context, FOLIOS + 1).withSwapSlots(0), FOLIOS, ADDRESSES, true);
    }

    @Override
    public String gupGet(int a) {
        return checked.run(() -> buffer.gup(a, Foll.WRITE, Foll.NOFAULT));
    }

    @Override
    public String migrate(int a) {
        return checked.run(() -> kernel.migration().migrate(mm, a).outcome().label());
    }

    @Override
    public String madviseDontneed(int a) {
        return checked.run(() -> kernel.mmap().madviseDontneed(mm, a, a + 1).label());
    }

    /**
     * @return the spec's live folios and those that a migration entry left behind names: such a folio may have been
     *     freed, and keeps its name while the entry exists. Read under the names' lock ({@code mm.pte} takes none).
     */
    private List<Folio> namedFolios() {
        List<Folio> named = new ArrayList<>(specFolios());
        for (int a = 0; a < ADDRESSES; a++) {
            if (mm.pte(a) instanceof Pte.Migration m && !named.contains(m.folio())) {
                named.add(m.folio());
            }
        }
        return named;
    }

    @Override
    public void abstractState(MigrateZapState state) {
        folios.update(this::namedFolios);
        for (int a = 0; a < ADDRESSES; a++) {
            Pte pte = mm.pte(a);
            if (pte instanceof Pte.Present p) {
                state.pteKind(a, MigrateZapState.PTE_KIND_PRESENT)
                        .pteFolio(a, folios.of(p.folio()))
                        .pteWritable(a, p.writable())
                        .pteDirty(a, p.dirty());
            } else if (pte instanceof Pte.Migration m) {
                state.pteKind(a, MigrateZapState.PTE_KIND_MIGRATION)
                        .pteFolio(a, folios.of(m.folio()))
                        .pteWritable(a, m.writable())
                        .pteExclusive(a, m.exclusive());
            } else if (!(pte instanceof Pte.None)) {
                throw new IllegalStateException("migrate_zap has no PTE like " + pte);
            }
        }
        for (Folio f : specFolios()) {
            int i = folios.of(f);
            state.folioRef(i, f.refcount())
                    .folioMap(i, f.mapcount())
                    .folioExclusive(i, f.anonExclusive())
                    .folioLocked(i, f.locked())
                    .folioDirty(i, f.dirty())
                    .folioData(i, memory.contents().valueOf(f));
        }
        memory.expectMapped(mm, ADDRESSES, "app");
    }
}
