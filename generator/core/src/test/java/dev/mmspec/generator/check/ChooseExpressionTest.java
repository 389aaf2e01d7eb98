package dev.mmspec.generator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code choose x in D where C} as an expression: the lowest fitting element or none, as the statement form chooses; a
 * spec written with it explores exactly as one written with the statement.
 */
class ChooseExpressionTest {
    private static final String SPEC = """
            spec pick "two tasks each take a free folio"
            domain Folio = 0..1
            state ref[Folio]: 0..2
            task cpu[2]: get
            lock lru: spinlock
            guard ref[x] by lru
            fix check_free "take only a folio nobody holds"
            op get() {
              var f: Folio?
              step pick {
                lock lru;
            PICK
                unlock lru;
              }
              step put {
                lock lru;
                if f != none {
                  ref[f] := ref[f] - 1;
                }
                unlock lru;
              }
            }
            invariant one_holder "a folio has at most one holder": forall x in Folio: ref[x] <= 1
            """;

    private static final String EXPRESSION = """
                f := choose x in Folio where !fixed(check_free) || ref[x] == 0;
                if f != none {
                  ref[f] := ref[f] + 1;
                }
            """;

    private static final String STATEMENT = """
                choose x in Folio where !fixed(check_free) || ref[x] == 0 {
                  f := x;
                  ref[x] := ref[x] + 1;
                } else {
                  f := none;
                }
            """;

    private static List<String> explore(String pick) {
        return Verdicts.explore("pick.mmspec", SPEC.replace("PICK\n", pick), 0L, 1L); // all fixes, then check_free off
    }

    @Test
    void theExpressionChoosesAsTheStatementDoes() {
        List<String> expression = explore(EXPRESSION);
        assertEquals(explore(STATEMENT), expression);
        assertTrue(
                expression.get(0).startsWith("HOLDS") && expression.get(1).startsWith("VIOLATED INVARIANT one_holder"),
                expression::toString);
    }

    private static final String SMALL = """
            spec calls "choose"
            domain Folio = 0..1
            state ref[Folio]: 0..2
            task app: op1
            invariant inv1: true
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "a let of an optional",
                        "",
                        "op op1() { step s { let f: Folio? = choose x in Folio where ref[x] == 0; if f != none { "
                                + "ref[f] := 1; } } }"),
                Arguments.of(
                        "in an invariant",
                        "",
                        "op op1() { step s { ref[0] := 1; } } invariant some: (choose x in Folio where ref[x] == 1) "
                                + "!= none || true"),
                Arguments.of(
                        "a condition that is not a bool",
                        "MM0502",
                        "op op1() { step s { let f: Folio? = choose x in Folio where ref[x]; } }"),
                Arguments.of(
                        "an unknown domain",
                        "MM0202",
                        "op op1() { step s { let f: Folio? = choose x in Page where true; } }"),
                Arguments.of(
                        "an optional where a bool is needed",
                        "MM0502",
                        "op op1() { step s { if choose x in Folio where true { return; } } }"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checks(String name, String code, String declarations) {
        DiagnosticCodes.assertReports(code, "choose.mmspec", SMALL + declarations + "\n");
    }
}
