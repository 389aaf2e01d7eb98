package dev.mmspec.generator.check;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code guard vma by anon_vma_rwsem[ROOT]}: one fixed instance of a per-element lock guards the state. */
class FixedInstanceGuardTest {
    private static final String PRELUDE = """
            spec root "fixed instance"
            const ROOT = 0
            const OTHER = 1
            const FAR = 5
            domain AnonVma = 0..1
            state vma { start: 0..1 }
            task app: op1
            lock anon_vma_rwsem[AnonVma]: rwsem
            invariant inv1: true
            """;

    static Stream<Arguments> cases() {
        String write = "op op1() { step s { lock anon_vma_rwsem[%s] %s; vma.start := 1; unlock anon_vma_rwsem[%s]; } }";
        return Stream.of(
                Arguments.of(
                        "written under the root instance",
                        "",
                        "guard vma by anon_vma_rwsem[ROOT] write\n" + write.formatted("ROOT", "write", "ROOT")),
                Arguments.of(
                        "the root instance spelled by its value",
                        "",
                        "guard vma by anon_vma_rwsem[ROOT] write\n" + write.formatted("0", "write", "0")),
                Arguments.of(
                        "written under another instance",
                        "MM0401",
                        "guard vma by anon_vma_rwsem[ROOT] write\n" + write.formatted("OTHER", "write", "OTHER")),
                Arguments.of(
                        "written with the root held for read",
                        "MM0402",
                        "guard vma by anon_vma_rwsem[ROOT] write\n" + write.formatted("ROOT", "read", "ROOT")),
                Arguments.of(
                        "a constant that is no instance",
                        "MM0603",
                        "guard vma by anon_vma_rwsem[FAR] write\n" + write.formatted("ROOT", "write", "ROOT")),
                Arguments.of(
                        "a name that is neither an index variable nor a constant",
                        "MM0403",
                        "guard vma by anon_vma_rwsem[root] write\n" + write.formatted("ROOT", "write", "ROOT")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checks(String name, String code, String rest) {
        DiagnosticCodes.assertReports(code, "root.mmspec", PRELUDE + rest + "\n");
    }
}
