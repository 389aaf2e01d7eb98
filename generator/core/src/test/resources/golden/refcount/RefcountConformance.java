// Generated from golden/refcount.mmspec by mmspec. Do not edit: change the spec and regenerate.
package dev.mmspec.generated.refcount;

import dev.mmspec.engine.sut.Bindings;
import dev.mmspec.engine.sut.ScheduledSystemUnderTest;
import dev.mmspec.engine.sut.SystemUnderTest;
import java.util.Collection;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** Spec {@code refcount}'s operations and abstraction, driven through a {@link RefcountBinding}. */
public final class RefcountConformance extends ScheduledSystemUnderTest {
    /**
     * Why the runtime suites of this spec are skipped (its {@code binding: none}, or the build's {@code noBinding}), or
     * "" when they need a binding and fail without one.
     */
    public static final String NO_BINDING = "";

    private final RefcountBinding binding;

    public RefcountConformance(RefcountBinding.Factory factory, Collection<String> fixesOff) {
        super(fixesOff);
        this.binding = factory.create(context());
    }

    /**
     * @return fresh implementations with {@code fixesOff} switched off, or null when the spec has no binding by
     *     declaration ({@link #NO_BINDING})
     * @throws Bindings.MissingBinding when no {@code RefcountBinding.Factory} is registered in
     *     {@code META-INF/services}
     */
    public static Supplier<SystemUnderTest> supplier(Collection<String> fixesOff) {
        if (!NO_BINDING.isEmpty()) {
            return null;
        }
        RefcountBinding.Factory factory = Bindings.load(RefcountBinding.Factory.class, "refcount");
        return () -> new RefcountConformance(factory, fixesOff);
    }

    @Override
    protected Callable<String> operation(int operation, int[] args) {
        switch (operation) {
            case 0: // get_put
                return () -> binding.getPut(args[0]);
            default:
                throw new IllegalArgumentException("spec refcount has no operation " + operation);
        }
    }

    @Override
    public void abstractState(long[] out) {
        binding.abstractState(new RefcountState(out));
    }
}
