package dev.mmspec.generator.check;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code if !trylock L} holds L in its else-branch only; a domain value plus a constant indexes the domain. */
class TrylockAndWalkTest {
    private static final String PRELUDE = """
            spec walk "trylock and walks"
            domain Addr = 0..2
            domain Folio = 0..1
            state pte[Addr]: bool
            state ref[Folio]: 0..3
            task app: op1
            lock ptl[Addr]: spinlock
            guard pte[a] by ptl[a]
            invariant inv1: true
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "negated trylock: the else-branch holds the lock",
                        "",
                        "op op1(a: Addr) { step s { if !trylock ptl[a] { return; } else { pte[a] := true; unlock "
                                + "ptl[a]; } } }"),
                Arguments.of(
                        "trylock in parentheses",
                        "",
                        "op op1(a: Addr) { step s { if trylock(ptl[a]) { pte[a] := true; unlock ptl[a]; } } }"),
                Arguments.of(
                        "negated trylock: the then-branch does not hold it",
                        "MM0305",
                        "op op1(a: Addr) { step s { if !trylock ptl[a] { unlock ptl[a]; } } }"),
                Arguments.of(
                        "negated trylock: the else-branch must release it",
                        "MM0306",
                        "op op1(a: Addr) { step s { if !trylock ptl[a] { return; } else { pte[a] := true; } } }"),
                Arguments.of(
                        "negated trylock: a guarded write in the then-branch",
                        "MM0401",
                        "op op1(a: Addr) { step s { if !trylock ptl[a] { pte[a] := true; } else { unlock ptl[a]; } } "
                                + "}"),
                Arguments.of(
                        "negated trylock inside a conjunction is still misplaced",
                        "MM0309",
                        "op op1(a: Addr) { step s { if pte[a] && !trylock ptl[a] { return; } } }"),
                Arguments.of(
                        "a walk counter indexes its domain",
                        "",
                        "op op1() { var a: Addr step s { lock ptl[a + 1]; pte[a + 1] := true; unlock ptl[a + 1]; a := "
                                + "a + 1; } }"),
                Arguments.of(
                        "a counter of one domain does not index another",
                        "MM0501",
                        "op op1() { var a: Addr step s { ref[a + 1] := 0; } }"),
                Arguments.of(
                        "a computed number is still not an index",
                        "MM0501",
                        "op op1(f: Folio) { step s { lock ptl[ref[f] + 1]; unlock ptl[ref[f] + 1]; } }"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checks(String name, String code, String op) {
        DiagnosticCodes.assertReports(code, "walk.mmspec", PRELUDE + op + "\n");
    }
}
