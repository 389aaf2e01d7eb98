// Generated from golden/refcount.mmspec by mmspec. Do not edit: change the spec and regenerate.
package dev.mmspec.generated.refcount;

import dev.mmspec.engine.sut.ScheduledSystemUnderTest;
import dev.mmspec.engine.sut.SystemUnderTest;
import java.util.Collection;
import java.util.Iterator;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** Spec {@code refcount}'s operations and abstraction, driven through a {@link RefcountBinding}. */
public final class RefcountConformance extends ScheduledSystemUnderTest {
    private final RefcountBinding binding;

    public RefcountConformance(RefcountBinding.Factory factory, Collection<String> fixesOff) {
        super(fixesOff);
        this.binding = factory.create(context());
    }

    /**
     * @return fresh implementations with {@code fixesOff} switched off, or null when no binding is
     *     on the class path
     */
    public static Supplier<SystemUnderTest> supplier(Collection<String> fixesOff) {
        Iterator<RefcountBinding.Factory> found = ServiceLoader.load(RefcountBinding.Factory.class).iterator();
        if (!found.hasNext()) {
            return null;
        }
        RefcountBinding.Factory factory = found.next();
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
