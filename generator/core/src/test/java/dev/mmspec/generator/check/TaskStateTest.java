package dev.mmspec.generator.check;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code t in fault}, {@code t in fault.map} and {@code t.fault.a}: another task's operation, step and variables. */
class TaskStateTest {
    private static final String PRELUDE = """
            spec tasks "task state"
            domain Addr = 0..1
            record Pte { present: bool }
            state x: bool
            task cpu[2]: fault, other
            op fault(a: Addr) { var p: Pte var n: 0..2 step lookup { n := 1; } step map { require true; } }
            op other() { step s { require true; } }
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "inside an operation, at a step, a parameter and a local",
                        "",
                        "invariant i: forall t in Task: t in fault.map implies t.fault.n == 1 && t.fault.a <= 1 && "
                                + "!(t in other)"),
                Arguments.of(
                        "in a require of another operation",
                        "",
                        "op third() { step s { require forall t in Task: !(t in fault); } }"),
                Arguments.of("an unknown operation", "MM0202", "invariant i: forall t in Task: !(t in faults)"),
                Arguments.of("an unknown step", "MM0204", "invariant i: forall t in Task: !(t in fault.mapp)"),
                Arguments.of("an unknown variable", "MM0202", "invariant i: forall t in Task: t.fault.m == 0"),
                Arguments.of("not a task", "MM0501", "invariant i: forall a in Addr: !(a in fault)"),
                Arguments.of(
                        "a record variable of another task",
                        "MM0507",
                        "invariant i: forall t in Task: t.fault.p == t.fault.p"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checks(String name, String code, String rest) {
        DiagnosticCodes.assertReports(code, "tasks.mmspec", PRELUDE + rest + "\n");
    }
}
