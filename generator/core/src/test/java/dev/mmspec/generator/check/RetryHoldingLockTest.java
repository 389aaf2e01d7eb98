package dev.mmspec.generator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.ExplorationResult.Outcome;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.ModelLoader;
import dev.mmspec.generator.diag.Diagnostic;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A backward goto (a fault's retry) may hold a lock the step it re-enters does not start with: the step then starts
 * holding the union of every way into it, found as a fixpoint over the step graph, so "not held here on any path" stays
 * sound. Every retry into one step must hold the same locks.
 */
class RetryHoldingLockTest {
    /** A fault that keeps mmap_lock across its retry when the PT lock is busy; munmap takes it for write. */
    private static final String FAULT = """
            spec retry "a fault retries holding mmap_lock"
            domain Addr = 0..0
            state vma_present: bool = true
            state pte[Addr]: bool
            task cpu: fault
            task unmapper: munmap
            lock mmap_lock: rwsem per mm
            lock ptl[Addr]: spinlock per pte_table
            order mmap_lock < ptl
            guard vma_present by mmap_lock write
            guard pte[a] by ptl[a]
            op fault(a: Addr) {
              var retrying: bool
              step enter {
                if !retrying {
                  lock mmap_lock read;
                }
                require vma_present;
              }
              step walk {
                if !trylock ptl[a] {
            RETRY
                } else {
                  pte[a] := true;
                  unlock ptl[a];
                }
                unlock mmap_lock read;
              }
            }
            op munmap(a: Addr) {
              step hold {
                lock ptl[a];
              }
              step zap {
                unlock ptl[a];
                lock mmap_lock write;
                vma_present := false;
                unlock mmap_lock write;
              }
            }
            invariant walks_see_the_vma "a fault inside walk has a VMA": forall t in Task: t in fault.walk implies vma_present
            """;

    private static final String KEEPS = """
                  retrying := true;
                  goto enter;
            """;

    private static CompileResult compile(String retry) {
        return new SpecCompiler().compile("retry.mmspec", FAULT.replace("RETRY\n", retry));
    }

    @Test
    void aRetryHoldingMmapLockExploresAndHolds() {
        CompileResult result = compile(KEEPS);
        assertEquals(List.of(), result.diagnostics());
        Model model = new ModelLoader().load(result.spec()).apply(0);
        ExplorationResult explored = Explorer.explore(model);
        assertEquals(Outcome.HOLDS, explored.outcome(), explored.summary());
    }

    /** The guarded thing switched off: a retry that drops mmap_lock and does not take it again. */
    @Test
    void aRetryThatDropsTheLockItDoesNotTakeAgainIsFound() {
        CompileResult result = compile("""
                      unlock mmap_lock read;
                      retrying := true;
                      goto enter;
                """);
        assertTrue(result.diagnostics().stream().noneMatch(Diagnostic::isError), result.diagnostics()::toString);
        Model model = new ModelLoader().load(result.spec()).apply(0);
        ExplorationResult explored = Explorer.explore(model);
        assertEquals(Outcome.VIOLATED, explored.outcome(), explored.summary());
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a retry keeping mmap_lock", "", KEEPS),
                Arguments.of("a retry releasing mmap_lock on one path and not the other", "MM0308", """
                              if pte[a] {
                                unlock mmap_lock read;
                                goto enter;
                              }
                              retrying := true;
                              goto enter;
                        """),
                Arguments.of("two retries of one step, one releasing mmap_lock", "MM0308", """
                              if pte[a] {
                                retrying := true;
                                goto enter;
                              }
                              unlock mmap_lock read;
                              retrying := false;
                              goto enter;
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checks(String name, String code, String retry) {
        DiagnosticCodes.assertReports(code, "retry.mmspec", FAULT.replace("RETRY\n", retry));
    }

    private static final String PRELUDE = """
            spec retry "retries"
            state busy: bool
            task cpu: fault
            lock mmap_lock: rwsem per mm
            lock ptl: spinlock per pte_table
            order mmap_lock < ptl
            invariant inv1: true
            """;

    static Stream<Arguments> operations() {
        return Stream.of(
                Arguments.of(
                        "a retry into a step that takes the kept lock again waits for itself",
                        "MM0304",
                        "op fault() { step enter { lock mmap_lock read; } step walk { if !trylock ptl { goto enter; } "
                                + "else { unlock ptl; }"
                                + " unlock mmap_lock read; } }"),
                Arguments.of(
                        "a step that releases the kept lock before taking it again",
                        "",
                        "op fault() { var again: bool step enter { if again { unlock mmap_lock read; } lock mmap_lock "
                                + "read; }"
                                + " step walk { if !trylock ptl { again := true; goto enter; } else { unlock ptl; } "
                                + "unlock mmap_lock read; } }"),
                Arguments.of(
                        "an unlock that only a retry reaches holding the lock is no MM0305",
                        "",
                        "op fault() { var again: bool step enter { if again { unlock mmap_lock read; } }"
                                + " step walk { lock mmap_lock read; again := true; goto enter; } }"),
                Arguments.of(
                        "a retry to a step that starts holding the lock, as before",
                        "",
                        "op fault() { step enter { lock mmap_lock read; } step walk { if busy { goto walk; } unlock "
                                + "mmap_lock read; } }"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void checksOperations(String name, String code, String op) {
        DiagnosticCodes.assertReports(code, "retry.mmspec", PRELUDE + op + "\n");
    }
}
