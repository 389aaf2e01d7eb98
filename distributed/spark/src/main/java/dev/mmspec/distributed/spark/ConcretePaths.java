package dev.mmspec.distributed.spark;

import dev.mmspec.engine.explore.Fingerprint;
import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.trace.Violation;
import dev.mmspec.engine.trace.ViolationKind;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The local explorer's {@code ConcretePath} (a path over canonical states back to concrete actions,
 * under symmetry reduction), called by reflection: it is package-private in the explorer's package,
 * which this module may not change, and a second copy of it could drift from the one the local
 * explorer's traces come from. Without symmetries a path is its own concrete path, and reflection is
 * never used. (Making {@code ConcretePath} public would retire this class.)
 */
final class ConcretePaths {
    private final Object delegate;
    private final Method actions;
    private final Method violation;

    ConcretePaths(Model model) {
        if (!model.info().symmetric()) {
            delegate = null;
            actions = null;
            violation = null;
            return;
        }
        try {
            Class<?> type = Class.forName(Fingerprint.class.getPackageName() + ".ConcretePath", true, Fingerprint.class.getClassLoader());
            Constructor<?> constructor = type.getDeclaredConstructor(Model.class);
            constructor.setAccessible(true);
            delegate = constructor.newInstance(model);
            actions = type.getDeclaredMethod("actions", int[].class);
            actions.setAccessible(true);
            violation = type.getDeclaredMethod("violation", ViolationKind.class, String.class, int[].class);
            violation.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the explorer's ConcretePath is not where the Spark engine looks for it: " + e, e);
        }
    }

    int[] actions(int[] canonical) {
        return delegate == null ? canonical : (int[]) call(actions, canonical);
    }

    Violation violation(Violation canonical, int[] concretePath) {
        return delegate == null ? canonical : (Violation) call(violation, canonical.kind(), canonical.name(), concretePath);
    }

    private Object call(Method method, Object... arguments) {
        try {
            return method.invoke(delegate, arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
