// Generated from golden/refcount.mmspec by mmspec. Do not edit: change the spec and regenerate.
package dev.mmspec.generated.refcount;

import dev.mmspec.engine.sut.AbstractStateWriter;

/**
 * The implementation's state as spec {@code refcount} sees it, written by a binding into the model's packed layout.
 * Fields the binding does not set keep the model's encoding of 0.
 */
public final class RefcountState extends AbstractStateWriter {

    public RefcountState(long[] state) {
        super(state);
    }

    /** page.ref: 0..3, indexed by Page. */
    public RefcountState pageRef(int i0, int value) {
        RefcountModel.p_page_ref(state, index("page", i0, 0, 1), value("page.ref", value, 0, 3));
        return this;
    }

    /** page.freed: bool, indexed by Page. */
    public RefcountState pageFreed(int i0, boolean value) {
        RefcountModel.p_page_freed(state, index("page", i0, 0, 1), value ? 1 : 0);
        return this;
    }
}
