package dev.mmspec.generator.lower;

import java.util.List;

/**
 * The view of everything generated beside the model: the binding interface, the typed state writer, the conformance
 * adapter and the JUnit tests. Every name, Javadoc line and table row is decided here, and every text from the spec
 * arrives escaped for the one context it is printed in (see {@link JavaText}).
 *
 * @param sourceComment the spec file's path, for a {@code //} comment
 * @param sourceDoc the spec file's path, for Javadoc
 * @param specNameDoc the spec's name, for Javadoc
 * @param specNameText the spec's name, for the inside of a string literal
 * @param prefix the spec's name in Pascal case ({@code AnonExclusive}), the first part of every class name
 * @param operations one per spec operation
 * @param setters one per field of non-ghost state, for the state writer
 * @param constants enum literal constants for the state writer ({@code PTE_KIND_PRESENT = 1})
 * @param scenarios scenario names, for the inside of a string literal
 * @param expectations {@code fix, invariant} rows of the spec's expectations
 * @param fixes all fix names
 * @param seed the property engine's default seed for this spec (derived from its name)
 * @param noBinding why the runtime suites are skipped ({@code binding: none} in the spec or the build's
 *     {@code noBinding}), for the inside of a string literal; "" when they need a binding
 */
public record ApiView(
        String sourceComment,
        String sourceDoc,
        String packageName,
        String specNameDoc,
        String specNameText,
        String prefix,
        List<OperationView> operations,
        List<SetterView> setters,
        List<String> constants,
        List<String> scenarios,
        List<ExpectationView> expectations,
        List<String> fixes,
        String seed,
        String noBinding) {
    public ApiView {
        operations = List.copyOf(operations);
        setters = List.copyOf(setters);
        constants = List.copyOf(constants);
        scenarios = List.copyOf(scenarios);
        expectations = List.copyOf(expectations);
        fixes = List.copyOf(fixes);
    }

    /**
     * @param nameComment the operation's name, for a {@code //} comment
     * @param method Java method name ({@code gupGet})
     * @param parameters Java parameter list ({@code int a})
     * @param arguments arguments unpacked from the action ({@code args[0]})
     * @param doc the Javadoc sentence: spec line, signature and step labels
     */
    public record OperationView(
            int index, String nameComment, String method, String parameters, String arguments, String doc) {}

    /**
     * @param method setter name ({@code folioRef})
     * @param parameters Java parameters ({@code int f, int value})
     * @param doc what the field is
     * @param body the statement that checks and stores the value
     */
    public record SetterView(String method, String parameters, String doc, String body) {}

    /** A {@code fix, invariant} row, both for the inside of a string literal. */
    public record ExpectationView(String fix, String invariant, int line) {}
}
