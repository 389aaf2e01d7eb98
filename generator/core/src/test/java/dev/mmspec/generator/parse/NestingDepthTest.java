package dev.mmspec.generator.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.diag.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MM0104 is a counted depth: the same verdict, at the same place, whatever the thread's stack. Each row nests one
 * construct far past the limit; the diagnostic must sit at the token that passes it. (Without the count, a small stack
 * overflows in the parser and the old catch reported 1:1, or a large one accepted the file: the position and the stack
 * checks below fail.)
 */
class NestingDepthTest {
    private static final String HEAD =
            "spec deep \"deep\"\nstate x: 0..1 task a: o op o() { step s { x := 0; } }\ninvariant i: ";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // construct, prefix repeated, infix, suffix repeated, column of the token past the limit on line 3
        "parentheses, (, x == 0, ), 214",
        "negations, !, x == 0, '', 214",
        "conjunction chain, x == 0 && , x == 0, '', 0",
    })
    void theLimitIsCountedAndPositionedAtTheConstructThatPassesIt(
            String construct, String prefix, String middle, String suffix, int column) {
        int n = 3000;
        String body =
                (construct.startsWith("conjunction") ? prefix.repeat(n) : prefix.repeat(n)) + middle + suffix.repeat(n);
        String text = HEAD + body + "\n";
        List<Diagnostic> first = null;
        // 30 copies, each on a thread with a different stack: the verdict and place never change.
        for (int copy = 0; copy < 30; copy++) {
            List<Diagnostic> d = compileOnStack(text, (256 + copy * 64) * 1024L);
            if (first == null) {
                first = d;
            }
            assertEquals(first, d, "copy " + copy);
        }
        assertNotNull(first);
        assertEquals(1, first.size(), first.toString());
        Diagnostic d = first.get(0);
        assertEquals("MM0104", d.code());
        assertEquals(3, d.span().line());
        int expected = column > 0 ? column : expectedChainColumn(prefix);
        assertEquals(expected, d.span().column(), d.render());
    }

    /** In {@code x == 0 && x == 0 && ...}: each repetition adds two operators ({@code ==}, {@code &&}). */
    private static int expectedChainColumn(String unit) {
        int operatorsPerUnit = 2;
        int units = NestingDepth.LIMIT / operatorsPerUnit; // the ++ that passes: the == of unit LIMIT/2 + 1
        return "invariant i: ".length() + units * unit.length() + "x ".length() + 1;
    }

    @ParameterizedTest(name = "depth {0}")
    @CsvSource({"10", "100", "199"})
    void nestingWithinTheLimitIsAccepted(int depth) {
        String text = HEAD + "(".repeat(depth) + "x == 0" + ")".repeat(depth) + "\n";
        CompileResult r = new SpecCompiler().compile("deep.mmspec", text);
        assertEquals(
                List.of(), r.diagnostics().stream().filter(Diagnostic::isError).toList());
        assertNotNull(r.spec());
    }

    private static List<Diagnostic> compileOnStack(String text, long stack) {
        AtomicReference<CompileResult> result = new AtomicReference<>();
        Thread t =
                new Thread(null, () -> result.set(new SpecCompiler().compile("deep.mmspec", text)), "compile", stack);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertNull(result.get().spec());
        return new ArrayList<>(result.get().diagnostics());
    }
}
