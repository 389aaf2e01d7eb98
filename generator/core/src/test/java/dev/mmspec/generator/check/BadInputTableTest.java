package dev.mmspec.generator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.diag.Diagnostic;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Small bad inputs and the one diagnostic each must produce, with its code and place (Trino's parser tests are tables
 * like this). Each case is appended to a valid prelude, and its expected line is counted from the case's first line.
 */
class BadInputTableTest {
    private static final String PRELUDE = """
            spec table "bad input table"
            domain Addr = 0..1
            domain Folio = 0..2
            state x[Addr]: bool
            state ref[Folio]: 0..4
            state pte[Addr] { kind: bool }
            lock folio_lock[Folio]: sleeping
            lock ptl[Addr]: spinlock
            order folio_lock < ptl
            guard x[a] by ptl[a]
            fix real_fix "the fix"
            task app: op1
            invariant inv1: forall a in Addr: !x[a]
            """;
    private static final int PRELUDE_LINES = (int) PRELUDE.lines().count();

    /** The operation the task runs, for cases about something else. */
    private static final String OP1 = "op op1(a: Addr) { step s { require x[a]; } }\n";

    static Stream<Arguments> cases() {
        return Stream.of(
                bad("syntax error: missing ';'", "MM0101", 3, 17, """
                        op op1(a: Addr) {
                          step s {
                            x[a] := true
                          }
                        }
                        """),
                bad("unknown name", "MM0202", 1, 36, "op op1(a: Addr) { step s { require y[a]; } }\n"),
                bad("unknown field", "MM0203", 1, 43, "op op1(a: Addr) { step s { require pte[a].colour; } }\n"),
                bad(
                        "type error: domain value as a number",
                        "MM0501",
                        1,
                        39,
                        "op op1(f: Folio) { step s { ref[f] := f; } }\n"),
                bad("lock-order cycle", "MM0302", 1, 13, "order ptl < folio_lock\n" + OP1),
                bad(
                        "lock taken against the order",
                        "MM0301",
                        1,
                        46,
                        "op op1(a: Addr) { step s { lock ptl[a]; lock folio_lock[0]; unlock folio_lock[0]; unlock "
                                + "ptl[a]; } }\n"),
                bad(
                        "guarded field written without its lock",
                        "MM0401",
                        1,
                        28,
                        "op op1(a: Addr) { step s { x[a] := true; } }\n"),
                bad("unbounded domain", "MM0601", 1, 1, "domain Open = 0..\n" + OP1),
                bad("int is unbounded", "MM0601", 1, 12, "state big: int\n" + OP1),
                bad("empty domain", "MM0602", 1, 1, "domain Empty = 2..1\n" + OP1),
                bad(
                        "scenario naming an unknown operation",
                        "MM0702",
                        2,
                        20,
                        OP1 + "scenario s1 { app: nope(0); } expect holds\n"),
                bad(
                        "scenario naming an unknown step",
                        "MM0703",
                        2,
                        27,
                        OP1 + "scenario s1 { app: op1(0).nostep; } expect holds\n"),
                bad("expectation naming an unknown fix", "MM0704", 2, 16, OP1 + "expect without nofix violates inv1\n"),
                bad(
                        "expectation naming an unknown invariant",
                        "MM0705",
                        2,
                        34,
                        OP1 + "expect without real_fix violates noinv\n"),
                bad("lock held at operation end", "MM0306", 1, 33, "op op1(a: Addr) { step s { lock ptl[a]; } }\n"),
                bad("unlock of a lock not held", "MM0305", 1, 28, "op op1(a: Addr) { step s { unlock ptl[a]; } }\n"),
                bad(
                        "outcome while holding a lock",
                        "MM0307",
                        1,
                        41,
                        "op op1(a: Addr) { step s { lock ptl[a]; outcome EBUSY; } }\n"),
                bad(
                        "trylock outside an if condition",
                        "MM0309",
                        1,
                        36,
                        "op op1(a: Addr) { step s { require trylock ptl[a]; } }\n"),
                bad("duplicate declaration", "MM0201", 1, 7, "state x: bool\n" + OP1),
                bad("wrong argument count", "MM0706", 2, 15, OP1 + "scenario s1 { app: op1(0, 1); } expect holds\n"),
                bad(
                        "operation the task may not run",
                        "MM0708",
                        3,
                        20,
                        OP1 + "op op2() { step s { require true; } }\nscenario s1 { app: op2(); } expect holds\n"),
                bad("symmetry of a single task", "MM0709", 2, 10, OP1 + "symmetry app\n"),
                bad("symmetry of an unknown domain", "MM0709", 2, 10, OP1 + "symmetry Folo\n"),
                bad("symmetry of every task at once", "MM0709", 2, 10, OP1 + "symmetry Task\n"),
                bad(
                        "symmetric domain: a literal index",
                        "MM0711",
                        2,
                        40,
                        "symmetry Folio\nop op1(a: Addr) { step s { require ref[1] == 0; } }\n"),
                bad(
                        "symmetric domain: compared with a constant",
                        "MM0711",
                        2,
                        42,
                        "symmetry Folio\nop op1(f: Folio) { step s { require f != 2; } }\n"),
                bad(
                        "symmetric domain: ordered",
                        "MM0711",
                        2,
                        47,
                        "symmetry Folio\nop op1(f: Folio, g: Folio) { step s { require f < g; } }\n"),
                bad(
                        "symmetric domain: arithmetic",
                        "MM0711",
                        2,
                        39,
                        "symmetry Folio\nop op1(f: Folio) { step s { ref[f] := f + 1; } }\n"),
                bad(
                        "symmetric domain: a literal value",
                        "MM0711",
                        2,
                        43,
                        "symmetry Folio\nop op1(a: Addr) { step s { let g: Folio = 0; require ref[g] == 0; } }\n"),
                bad(
                        "symmetric domain: a literal lock instance",
                        "MM0711",
                        2,
                        53,
                        "symmetry Folio\nop op1(a: Addr) { step s { require !held(folio_lock[1]); } }\n"),
                bad(
                        "symmetric domain: a literal in an invariant",
                        "MM0711",
                        2,
                        21,
                        "symmetry Folio\ninvariant inv2: ref[0] <= 4\n" + OP1),
                bad(
                        "symmetric domain: a loop writes what every iteration shares",
                        "MM0711",
                        2,
                        57,
                        "symmetry Folio\nop op1(a: Addr) { var n: 0..4 step s { for f in Folio { n := ref[f]; } } }\n"),
                bad(
                        "symmetric domain: a loop reads another iteration's write",
                        "MM0711",
                        2,
                        73,
                        "symmetry Folio\nop op1(a: Addr) { step s { for f in Folio { ref[f] := count(g in Folio: "
                                + "ref[g] > 0); } } }\n"),
                bad(
                        "symmetric domain indexing a state twice",
                        "MM0711",
                        1,
                        1,
                        "state pair[Folio, Folio]: bool\nsymmetry Folio\n" + OP1));
    }

    private static Arguments bad(String name, String code, int line, int column, String text) {
        return Arguments.of(name, code, line, column, text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsTheCodeAtItsPlace(String name, String code, int line, int column, String text) {
        CompileResult result = new SpecCompiler().compile("table.mmspec", PRELUDE + text);
        String all = result.diagnostics().stream().map(Diagnostic::render).collect(Collectors.joining("\n"));
        assertEquals(1, result.diagnostics().size(), () -> name + ": expected one diagnostic, got\n" + all);
        Diagnostic d = result.diagnostics().get(0);
        assertEquals(
                code + " at " + (PRELUDE_LINES + line) + ":" + column,
                d.code() + " at " + d.span().line() + ":" + d.span().column(),
                all);
        assertTrue(d.render().startsWith("table.mmspec:" + (PRELUDE_LINES + line) + ":" + column + ": "), d.render());
        assertNull(result.spec());
    }

    @Test
    void thePreludeAloneIsValid() {
        CompileResult result = new SpecCompiler().compile("table.mmspec", PRELUDE + OP1);
        assertEquals("", result.diagnostics().stream().map(Diagnostic::render).collect(Collectors.joining("\n")));
    }

    @Test
    void everyCodeIsUniqueAndWellFormed() {
        var codes = Stream.of(Codes.values()).map(Codes::code).toList();
        assertEquals(codes.size(), codes.stream().distinct().count());
        assertTrue(codes.stream().allMatch(c -> c.matches("MM0[0-7]\\d\\d")), codes.toString());
        assertTrue(Stream.of(Codes.values())
                .allMatch(c -> !c.summary().isBlank() && !c.checkName().isBlank()));
    }
}
