package dev.mmspec.generator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.diag.Diagnostic;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A lock taken under {@code if c} and released under a later {@code if c} is not held afterwards on any path, so the
 * lock order is not checked against it there; but only while {@code c} cannot have changed in between (a fix always; a
 * state or local until the task writes what it reads, or the step ends and other tasks run).
 */
class LockUnderOneConditionTest {
    private static final String SPEC = """
            spec one_condition "lock and unlock under one condition"
            state counter: 0..4
            state flag: bool
            ghost state done: 0..4
            task worker[2]: add
            lock a: spinlock
            lock b: spinlock
            order a < b
            fix locked_add "hold b"
            op add() {
              step first {
                require done < 2;
                FIRST
              }
              step second {
                SECOND
              }
            }
            invariant no_lost_update: counter <= 4
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            fix, one step               | if fixed(locked_add) { lock b; } done := done + 1; if fixed(locked_add) { unlock b; } lock a; unlock a; | | 0
            fix, across steps           | if fixed(locked_add) { lock b; } done := done + 1;  | if fixed(locked_add) { unlock b; } lock a; unlock a; | 0
            state, one step             | if flag { lock b; } done := done + 1; if flag { unlock b; } lock a; unlock a; | | 0
            negated condition           | if flag { lock b; } if !flag { lock a; unlock a; } if flag { unlock b; } | | 0
            state written in between    | if flag { lock b; } flag := !flag; if flag { unlock b; } lock a; unlock a; if !flag { unlock b; } | | 1
            state, across steps         | if flag { lock b; } done := done + 1; | if flag { unlock b; } lock a; unlock a; | 1
            taken when the fix is on    | if fixed(locked_add) { lock b; lock a; unlock a; unlock b; } | | 1
            """)
    void orderIsCheckedOnlyWhereTheLockMayStillBeHeld(String name, String first, String second, int orderErrors) {
        String spec = SPEC.replace("FIRST", first).replace("SECOND", second == null ? "" : second);
        CompileResult result = new SpecCompiler().compile("one_condition.mmspec", spec);
        List<Diagnostic> lockOrder = result.diagnostics().stream()
                .filter(d -> d.code().equals("MM0301"))
                .toList();
        assertEquals(orderErrors, lockOrder.size(), result.diagnostics()::toString);
    }
}
