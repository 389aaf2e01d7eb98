package dev.mmspec.generator.lower;

import dev.mmspec.generator.ir.Spec;
import java.util.Locale;

/**
 * The package and class names generated for a spec: package {@code dev.mmspec.generated.<spec>} and classes
 * {@code <Spec>Model}, {@code <Spec>Binding}, ... A spec named like a Java keyword ({@code class}, {@code _},
 * {@code Int}, whose package would be {@code int}) gets an escaped package; one whose name has no letter left after
 * casing gets the prefix {@code Spec}, since {@code Model} alone would clash with the interface it implements; a long
 * one is shortened with a stable hash so that every class file name stays far below the file system's 255 bytes.
 */
public final class ClassNames {
    public static final String PACKAGE_ROOT = "dev.mmspec.generated";

    /** The longest suffix a generated class adds to the prefix. */
    private static final String LONGEST_SUFFIX = "FixDetectionTest";

    private ClassNames() {}

    /** @return the Java package of everything generated from {@code spec}. */
    public static String packageOf(Spec spec) {
        String lower = spec.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String component = NameAllocator.escapeKeyword(NameAllocator.sanitize(lower));
        return PACKAGE_ROOT + "." + NameAllocator.shorten(component, spec.name(), NameAllocator.MAX_BYTES);
    }

    /** @return what every generated class name starts with ({@code AnonExclusive}). */
    public static String prefix(Spec spec) {
        String pascal = NameAllocator.sanitize(Names.pascal(spec.name()));
        if (pascal.equals("_")) {
            pascal = "Spec";
        }
        return NameAllocator.shorten(pascal, spec.name(), NameAllocator.MAX_BYTES - LONGEST_SUFFIX.length());
    }

    /** @return the model class's simple name. */
    public static String model(Spec spec) {
        return prefix(spec) + "Model";
    }
}
