package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.runtime.Injection;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime kernel a binding runs its spec on, sized to the spec's domains: the fixes the test switched off are off
 * (and the {@link Injection}s it named with {@code inject:} are on), at most as many folios as the spec's {@code Folio}
 * domain holds (one more allocation fails with ENOMEM, as the model's {@code alloc} does), and one PTE per page table,
 * so that the spec's {@code ptl[a]} is the lock of exactly one PTE.
 *
 * <p>A binding sets the kernel up on the test thread, before any simulated task exists: none of the setup's lock events
 * reaches the spec.
 */
final class SpecKernel {
    private SpecKernel() {}

    /**
     * @param folios the size of the spec's {@code Folio} domain
     * @return the configuration every binding starts from; a binding adds only what its spec bounds besides (swap
     *     slots, GUP faults)
     */
    static KernelConfig config(BindingContext context, int folios) {
        List<String> fixesOff = new ArrayList<>();
        KernelConfig config = KernelConfig.defaults();
        for (String name : context.fixesOff()) {
            // A test measuring the suites (the Etna view) switches hand-written bugs on through the
            // same channel as fixes off: the generated code passes the names through untouched.
            if (name.startsWith(Injection.SWITCH_PREFIX)) {
                config = config.injecting(Injection.byId(name.substring(Injection.SWITCH_PREFIX.length())));
            } else {
                fixesOff.add(name);
            }
        }
        return config.withoutIds(fixesOff).withPtesPerTable(1).withMaxFolios(folios);
    }

    /**
     * A spec's {@code init} write: the application stores {@code value} at {@code offset} of the page at
     * {@code address}, faulting it in (do_anonymous_page() for an anonymous mapping, do_shared_fault() for a shared
     * file mapping).
     *
     * @return the folio the write left mapped at {@code address}
     * @throws IllegalStateException if the write failed or left no page mapped there
     */
    static Folio written(Kernel kernel, Mm mm, long address, int offset, byte value) {
        Outcome setup = kernel.user().write(mm, address, offset, value);
        if (setup != Outcome.OK || !(mm.pte(address) instanceof Pte.Present p)) {
            throw new IllegalStateException(
                    "setup write at " + address + " failed: " + setup + ", PTE " + mm.pte(address));
        }
        return p.folio();
    }

    /**
     * A spec's {@code init} that fills a page: the application stores each byte of {@code page} at {@code address},
     * faulting it in with the first.
     *
     * @return the folio the writes left mapped at {@code address}
     * @throws IllegalStateException if a write failed, or a later one moved the page
     */
    static Folio filled(Kernel kernel, Mm mm, long address, byte[] page) {
        Folio folio = written(kernel, mm, address, 0, page[0]);
        for (int i = 1; i < page.length; i++) {
            if (written(kernel, mm, address, i, page[i]) != folio) {
                throw new IllegalStateException("setup write at " + address + " moved the page: " + mm.pte(address));
            }
        }
        return folio;
    }
}
