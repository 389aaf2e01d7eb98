package dev.mmspec.generator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.diag.Diagnostic;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Procedures: a fault entry written once and called by two operations explores exactly as the spec with its steps
 * written out in both; recursion and wrong calls are refused at the call, and a mistake inside a procedure is reported
 * there, with its call sites noted.
 */
class ProcedureTest {
    private static final String PRELUDE = """
            spec entry "two faults share their entry"
            domain Addr = 0..1
            state pte[Addr]: 0..2
            state vma_present: bool = true
            task cpu[2]: read_fault, write_fault
            task unmapper: munmap
            lock mmap_lock: rwsem per mm
            lock ptl[Addr]: spinlock per pte_table
            order mmap_lock < ptl
            guard pte[a] by ptl[a]
            guard vma_present by mmap_lock write
            fix check_vma "find_vma() under mmap_lock"
            op munmap() {
              step zap {
                lock mmap_lock write;
                vma_present := false;
                for x in Addr {
                  lock ptl[x];
                  pte[x] := 0;
                  unlock ptl[x];
                }
                unlock mmap_lock write;
              }
            }
            invariant mapped_in_a_vma "a PTE is only installed in a VMA": forall a in Addr: pte[a] > 0 implies vma_present
            """;

    /** The entry, once: lock mmap_lock, find the VMA, take the PT lock (retrying while it is busy). */
    private static final String SHARED = PRELUDE + """
            proc fault_entry(addr: Addr) {
              var tries: 0..1
              step lock_mm {
                lock mmap_lock read;
                if fixed(check_vma) && !vma_present {
                  unlock mmap_lock read;
                  return;
                }
              }
              step lock_pt {
                if !trylock ptl[addr] {
                  tries := 1;
                  goto lock_pt;
                } else {
                  tries := 0;
                }
              }
            }
            op read_fault(a: Addr) {
              call fault_entry(addr: a);
              step map {
                pte[a] := 1;
                unlock ptl[a];
                unlock mmap_lock read;
              }
            }
            op write_fault(a: Addr) {
              call fault_entry(addr: a) as entry;
              step map {
                pte[a] := 2;
                unlock ptl[a];
                unlock mmap_lock read;
              }
            }
            """;

    /** The same spec with the entry written out in both operations, as it had to be before. */
    private static final String INLINED = PRELUDE + """
            op read_fault(a: Addr) {
              var fault_entry_tries: 0..1
              step fault_entry_lock_mm {
                lock mmap_lock read;
                if fixed(check_vma) && !vma_present {
                  unlock mmap_lock read;
                  return;
                }
              }
              step fault_entry_lock_pt {
                if !trylock ptl[a] {
                  fault_entry_tries := 1;
                  goto fault_entry_lock_pt;
                } else {
                  fault_entry_tries := 0;
                }
              }
              step map {
                pte[a] := 1;
                unlock ptl[a];
                unlock mmap_lock read;
              }
            }
            op write_fault(a: Addr) {
              var entry_tries: 0..1
              step entry_lock_mm {
                lock mmap_lock read;
                if fixed(check_vma) && !vma_present {
                  unlock mmap_lock read;
                  return;
                }
              }
              step entry_lock_pt {
                if !trylock ptl[a] {
                  entry_tries := 1;
                  goto entry_lock_pt;
                } else {
                  entry_tries := 0;
                }
              }
              step map {
                pte[a] := 2;
                unlock ptl[a];
                unlock mmap_lock read;
              }
            }
            """;

    private static List<String> explore(String text) {
        return Verdicts.explore("entry.mmspec", text, 0L, 1L); // all fixes, then check_vma off
    }

    @Test
    void aProcedureCalledTwiceExploresAsTheSpecWrittenOut() {
        List<String> shared = explore(SHARED);
        assertEquals(explore(INLINED), shared);
        assertTrue(shared.get(0).startsWith("HOLDS") && shared.get(1).startsWith("VIOLATED"), shared::toString);
    }

    @Test
    void aMistakeInsideAProcedureIsReportedThereWithItsCallSites() {
        String broken = SHARED.replace("tries := 1;", "tries := 1; pte[addr] := 0;");
        List<Diagnostic> diagnostics =
                new SpecCompiler().compile("entry.mmspec", broken).diagnostics();
        assertEquals(1, diagnostics.size(), diagnostics::toString);
        Diagnostic d = diagnostics.get(0);
        assertEquals("MM0401", d.code());
        assertEquals(
                broken.lines().toList().indexOf("      tries := 1; pte[addr] := 0;") + 1,
                d.span().line());
        assertTrue(d.hint().contains("in procedure 'fault_entry', called at lines "), d.hint());
    }

    private static final String SMALL = """
            spec calls "calls"
            state n: 0..3
            task app: op1
            invariant inv1: true
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "a call by name",
                        "",
                        "proc bump(by: 0..1) { step add { n := n + by; } } op op1() { call bump(by: 1); }"),
                Arguments.of(
                        "two calls need two prefixes",
                        "MM0201",
                        "proc bump(by: 0..1) { step add { n := n + by; } } op op1() { call bump(by: 1); call bump(by: "
                                + "0); }"),
                Arguments.of(
                        "two calls with their own prefixes",
                        "",
                        "proc bump(by: 0..1) { step add { n := n + by; } } op op1() { call bump(by: 1) as one; call "
                                + "bump(by: 0) as two; }"),
                Arguments.of(
                        "a procedure calling itself",
                        "MM0208",
                        "proc loop() { step s { n := 0; } call loop(); } op op1() { call loop(); }"),
                Arguments.of(
                        "two procedures calling each other",
                        "MM0208",
                        "proc ping() { call pong(); } proc pong() { step s { n := 0; } call ping(); } op op1() { call "
                                + "ping(); }"),
                Arguments.of(
                        "nested procedures",
                        "",
                        "proc inner() { step s { n := 0; } } proc outer() { call inner(); step t { n := 1; } } op "
                                + "op1() { call outer(); }"),
                Arguments.of("an unknown procedure", "MM0202", "op op1() { call nothing(); }"),
                Arguments.of(
                        "an unknown parameter",
                        "MM0209",
                        "proc bump(by: 0..1) { step add { n := n + by; } } op op1() { call bump(size: 1); }"),
                Arguments.of(
                        "a missing parameter",
                        "MM0209",
                        "proc bump(by: 0..1) { step add { n := n + by; } } op op1() { call bump(); }"),
                Arguments.of(
                        "a parameter passed twice",
                        "MM0209",
                        "proc bump(by: 0..1) { step add { n := n + by; } } op op1() { call bump(by: 1, by: 0); }"),
                Arguments.of(
                        "a procedure's goto leaves its steps",
                        "MM0204",
                        "proc bump() { step add { goto done; } } op op1() { call bump(); step done { n := 0; } }"),
                Arguments.of(
                        "an argument of the wrong type",
                        "MM0501",
                        "proc bump(by: 0..1) { step add { n := n + by; } } op op1() { call bump(by: true); }"),
                Arguments.of(
                        "a by-name parameter assigned, given a var",
                        "",
                        "proc set(out: 0..3) { step s { out := 2; } } op op1() { var v: 0..3 call set(out: v); step t "
                                + "{ n := v; } }"),
                Arguments.of(
                        "a by-name parameter assigned, given an expression",
                        "MM0209",
                        "proc set(out: 0..3) { step s { out := 2; } } op op1() { call set(out: n + 1); }"),
                Arguments.of(
                        "a binder hides a parameter of its name",
                        "",
                        "proc bump(by: 0..1) { step add { for by in Task { n := 0; } } } op op1() { call bump(by: 1); "
                                + "}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checks(String name, String code, String declarations) {
        DiagnosticCodes.assertReports(code, "calls.mmspec", SMALL + declarations + "\n");
    }
}
