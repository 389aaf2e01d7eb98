// Generated from golden/refcount.mmspec by mmspec. Do not edit: change the spec and regenerate.
package dev.mmspec.generated.refcount;

import dev.mmspec.engine.sut.BindingContext;

/**
 * What an implementation must offer to be checked against spec {@code refcount} (golden/refcount.mmspec): its
 * operations, run as simulated tasks, and the abstraction function.
 *
 * <p>Each operation must call {@code context.hooks().point(label)} at the start of every step the spec names, in order,
 * and report its lock events through {@code context.lockEvents()} with the spec's lock names. Implementations are found
 * with {@link java.util.ServiceLoader}: list the {@link Factory} in
 * {@code META-INF/services/dev.mmspec.generated.refcount.RefcountBinding$Factory}.
 */
public interface RefcountBinding {

    /** Builds the implementation for one test try. */
    interface Factory {
        RefcountBinding create(BindingContext context);
    }

    /**
     * golden/refcount.mmspec:24: {@code op get_put(p: Page)}; step points, in order: get_put.get, get_put.put,
     * get_put.finish.
     *
     * @return the observable outcome the operation ended with, or "" for none
     */
    String getPut(int p);

    /** The abstraction function: report every non-ghost state variable through {@code state}. */
    void abstractState(RefcountState state);
}
