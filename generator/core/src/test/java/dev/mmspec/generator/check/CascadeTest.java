package dev.mmspec.generator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.diag.Diagnostic;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rejected lock construct is reported once: the "not held here on any path", "written without holding" and
 * unlock-mode errors that only echo it stay quiet. Each row is one operation after the prelude (line 11) and every
 * diagnostic the spec gets, as {@code CODE@col}; the last rows are the same findings without a rejected construct
 * before them, which must still be reported.
 */
class CascadeTest {
    private static final String PRELUDE = """
            spec cascade "cascades"
            domain Addr = 0..1
            domain Folio = 0..2
            state x[Addr]: bool
            lock folio_lock[Folio]: sleeping
            lock ptl[Addr]: spinlock
            lock sem: rwsem
            order folio_lock < ptl
            guard x[a] by ptl[a]
            task app: op1
            """;

    static Stream<Arguments> cascades() {
        return Stream.of(
                row(
                        "a trylock in a require takes nothing: the guarded write and the unlock would echo it",
                        "op op1(a: Addr) { step s { require trylock ptl[a]; x[a] := true; unlock ptl[a]; } }",
                        "MM0309@36"),
                row(
                        "a trylock stored in a let",
                        "op op1(a: Addr) { step s { let t: bool = trylock ptl[a]; if t { x[a] := true; unlock ptl[a]; "
                                + "} } }",
                        "MM0309@42"),
                row(
                        "a trylock that is not the last && term",
                        "op op1(a: Addr) { step s { if x[a] && trylock ptl[a] && x[a] { x[a] := true; unlock ptl[a]; "
                                + "} } }",
                        "MM0309@39"),
                row(
                        "a lock taken twice: its second unlock is not a second mistake",
                        "op op1(a: Addr) { step s { lock ptl[a]; lock ptl[a]; x[a] := true; unlock ptl[a]; unlock "
                                + "ptl[a]; } }",
                        "MM0304@46"),
                row(
                        "an rwsem taken without its mode: the unlock's mode cannot be wrong against a guess",
                        "op op1(a: Addr) { step s { lock sem; unlock sem read; } }",
                        "MM0310@33"),
                row(
                        "a lock on an instance of the wrong domain: no guard error for the write it meant to cover",
                        "op op1(a: Addr, f: Folio) { step s { lock ptl[f]; x[a] := true; unlock ptl[f]; } }",
                        "MM0501@47",
                        "MM0501@76"),
                row(
                        "a lock without its instance",
                        "op op1(a: Addr) { step s { lock ptl; x[a] := true; unlock ptl; } }",
                        "MM0503@33",
                        "MM0503@59"),
                row(
                        "control: an unlock of a lock never taken is still reported",
                        "op op1(a: Addr) { step s { lock ptl[a]; x[a] := true; unlock ptl[a]; unlock ptl[a]; } }",
                        "MM0305@70"),
                row(
                        "control: a write without the guard, before a misplaced trylock, is still reported",
                        "op op1(a: Addr) { step s { x[a] := true; require trylock ptl[a]; unlock ptl[a]; } }",
                        "MM0401@28",
                        "MM0309@50"));
    }

    private static Arguments row(String name, String op, String... expected) {
        return Arguments.of(name, op, String.join(" ", expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cascades")
    void aRejectedConstructIsReportedOnce(String name, String op, String expected) {
        CompileResult result = new SpecCompiler().compile("cascade.mmspec", PRELUDE + op + "\n");
        String all = result.diagnostics().stream().map(Diagnostic::render).collect(Collectors.joining("\n"));
        String got = result.diagnostics().stream()
                .peek(d -> assertEquals(11, d.span().line(), all))
                .map(d -> d.code() + "@" + d.span().column())
                .collect(Collectors.joining(" "));
        assertEquals(expected, got, name + ":\n" + all);
    }
}
