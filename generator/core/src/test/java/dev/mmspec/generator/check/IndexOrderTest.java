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
 * {@code order ptl by index}: two page-table locks of one move held at once, the lower index first, as double_pt_lock()
 * sorts them. The checker compares indices it can read; the model faults when a run takes a lower instance while
 * holding a higher one.
 */
class IndexOrderTest {
    /**
     * move_ptes() between two page tables, each with its PT lock, taken in two steps so that two moves can interleave;
     * {@code PICK} says which table's lock is taken first ({@code lo}).
     */
    private static final String MOVE = """
            spec move "a move locks the source and destination page tables"
            domain Table = 0..1
            state ptes[Table]: 0..2 = 1
            task mover[2]: move
            lock ptl[Table]: spinlock per pte_table
            ORDER
            guard ptes[t] by ptl[t]
            op move(src: Table, dst: Table) {
              var lo: Table
              var hi: Table
              step lock_first {
                require src != dst;
            PICK
                lock ptl[lo];
              }
              step lock_second {
                lock ptl[hi];
                if lo == src && ptes[lo] > 0 {
                  ptes[lo] := ptes[lo] - 1;
                  ptes[hi] := ptes[hi] + 1;
                } else if lo != src && ptes[hi] > 0 {
                  ptes[hi] := ptes[hi] - 1;
                  ptes[lo] := ptes[lo] + 1;
                }
                unlock ptl[hi];
                unlock ptl[lo];
              }
            }
            invariant conserved "a move neither loses nor duplicates a PTE": ptes[0] + ptes[1] == 2
            """;

    /** double_pt_lock(): the lower-addressed lock first. */
    private static final String SORTED = """
                lo := src < dst ? src : dst;
                hi := src < dst ? dst : src;
            """;

    private static final String AS_GIVEN = """
                lo := src;
                hi := dst;
            """;

    private static String move(String order, String locks) {
        return MOVE.replace("ORDER\n", order.isEmpty() ? "" : order + "\n").replace("PICK\n", locks);
    }

    private static ExplorationResult explore(String text) {
        CompileResult result = new SpecCompiler().compile("move.mmspec", text);
        assertTrue(result.diagnostics().stream().noneMatch(Diagnostic::isError), result.diagnostics()::toString);
        Model model = new ModelLoader().load(result.spec()).apply(0);
        return Explorer.explore(model);
    }

    @Test
    void sortedLocksOfOneClassHoldWithoutAWarning() {
        String text = move("order ptl by index", SORTED);
        assertEquals(List.of(), new SpecCompiler().compile("move.mmspec", text).diagnostics());
        ExplorationResult explored = explore(text);
        assertEquals(Outcome.HOLDS, explored.outcome(), explored.summary());
    }

    @Test
    void locksTakenAsGivenFaultAgainstTheIndexOrder() {
        ExplorationResult explored = explore(move("order ptl by index", AS_GIVEN));
        assertEquals(Outcome.VIOLATED, explored.outcome(), explored.summary());
        assertEquals(
                "MODEL_ERROR ptl taken against the lock order",
                explored.violation().orElseThrow().toString());
    }

    /** With the order switched off, the same reversed move is no model error: only its ABBA deadlock shows. */
    @Test
    void withoutTheIndexOrderTheReversedMoveOnlyDeadlocks() {
        String text = move("", AS_GIVEN);
        List<String> codes = new SpecCompiler()
                .compile("move.mmspec", text).diagnostics().stream()
                        .map(Diagnostic::code)
                        .toList();
        assertEquals(List.of("MM0303"), codes);
        ExplorationResult explored = explore(text);
        assertEquals(Outcome.VIOLATED, explored.outcome(), explored.summary());
        assertEquals("DEADLOCK", explored.violation().orElseThrow().kind().name());
    }

    private static final String PRELUDE = """
            spec nested "index order"
            const TOP = 1
            domain Table = 0..1
            state moved: 0..1
            task mover: move
            lock mmap_lock: rwsem per mm
            lock ptl[Table]: spinlock per pte_table
            invariant inv1: true
            """;

    static Stream<Arguments> cases() {
        String both = "op move() { step s { lock ptl[0]; lock ptl[TOP]; unlock ptl[TOP]; unlock ptl[0]; } }";
        String one = "op move() { step s { lock ptl[0]; unlock ptl[0]; } }";
        return Stream.of(
                Arguments.of("without the order, a second instance is a warning", "MM0303", "", both),
                Arguments.of("ordered by index, constants in ascending order", "", "order ptl by index", both),
                Arguments.of(
                        "ordered by index, constants in descending order",
                        "MM0301",
                        "order ptl by index",
                        "op move() { step s { lock ptl[TOP]; lock ptl[0]; unlock ptl[0]; unlock ptl[TOP]; } }"),
                Arguments.of(
                        "ordered by index, the same instance twice is still a self-deadlock",
                        "MM0304",
                        "order ptl by index",
                        "op move() { step s { lock ptl[0]; lock ptl[0]; unlock ptl[0]; } }"),
                Arguments.of("a single lock has no index", "MM0312", "order mmap_lock by index", one),
                Arguments.of("only by index", "MM0312", "order ptl by address", one),
                Arguments.of("an unknown lock", "MM0202", "order pmd_lock by index", one),
                Arguments.of("ordered twice", "MM0201", "order ptl by index\norder ptl by index", both),
                Arguments.of(
                        "an index order ranks a symmetric domain",
                        "MM0711",
                        "order ptl by index\nsymmetry Table",
                        "op move(a: Table, b: Table) { step s { lock ptl[a]; unlock ptl[a]; } }"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checks(String name, String code, String declarations, String op) {
        DiagnosticCodes.assertReports(code, "nested.mmspec", PRELUDE + declarations + "\n" + op + "\n");
    }
}
