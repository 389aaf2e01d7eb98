package dev.mmspec.generator.check;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Record-valued vars and lets: what the checker accepts, and what it refuses with which code. */
class RecordValuesTest {
    private static final String PRELUDE = """
            spec records "record values"
            domain Addr = 0..1
            enum Kind { none, present }
            record Pte { kind: Kind  writable: bool }
            record Other { kind: Kind  writable: bool }
            state pte[Addr]: Pte
            state other[Addr]: Other
            task app: op1
            lock ptl[Addr]: spinlock
            guard pte[a] by ptl[a]
            invariant inv1: true
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                ok(
                        "a let of a whole element, its field read",
                        "op op1(a: Addr) { step s { let old: Pte = pte[a]; require old.kind == none; } }"),
                ok("a var assigned, compared, written back", """
                        op op1(a: Addr) { var v: Pte
                          step s { v := pte[a]; }
                          step t { lock ptl[a]; if pte[a] != v { pte[a] := v; } unlock ptl[a]; }
                        }"""),
                ok(
                        "a record literal for a var",
                        "op op1(a: Addr) { var v: Pte step s { v := { kind: present }; require v.writable == false; } "
                                + "}"),
                ok("two elements compared in a require", "op op1(a: Addr) { step s { require pte[0] == pte[1]; } }"),
                bad("a record parameter", "MM0507", "op op1(p: Pte) { step s { require true; } }"),
                bad("a record var read as a scalar", "MM0504", "op op1(a: Addr) { var v: Pte step s { require v; } }"),
                bad(
                        "records of two declarations compared",
                        "MM0501",
                        "op op1(a: Addr) { step s { require pte[a] == other[a]; } }"),
                bad(
                        "a whole element written without its guard",
                        "MM0401",
                        "op op1(a: Addr) { var v: Pte step s { pte[a] := v; } }"),
                bad(
                        "a record var whose field storage another var has",
                        "MM0201",
                        "op op1(a: Addr) { var v: Pte var v_kind: bool step s { require true; } }"),
                bad(
                        "an unknown field of a record var",
                        "MM0203",
                        "op op1(a: Addr) { var v: Pte step s { require v.colour; } }"));
    }

    private static Arguments ok(String name, String op) {
        return Arguments.of(name, "", op);
    }

    private static Arguments bad(String name, String code, String op) {
        return Arguments.of(name, code, op);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checks(String name, String code, String op) {
        DiagnosticCodes.assertReports(code, "records.mmspec", PRELUDE + op + "\n");
    }
}
