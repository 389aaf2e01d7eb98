package dev.mmspec.generator.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.Expr;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.Type;
import org.junit.jupiter.api.Test;

/**
 * The exports leave out the range and index tests that cannot fail (a long {@code d_step} passes SPIN's limit of 2,048
 * jumps: {@code spec/file/truncate_cow.mmspec} did), and keep every one that can, at both bounds of a domain from 0 and
 * of one from 1: a test wrongly dropped at the low bound hides a model error from TLC and SPIN, a test wrongly kept
 * only lengthens the step.
 */
class RangeTestsAtBoundsTest {
    private static final Span AT = new Span(1, 1, 1, 1);
    private static final Domain FROM_0 = new Domain("Addr", 0, 1, AT);
    private static final Domain FROM_1 = new Domain("Slot", 1, 3, AT);

    private static final String SPEC = """
            spec bounds "index and value tests at both bounds"
            domain Addr = 0..1
            domain Slot = 1..3
            state a[Addr]: 0..2
            state s[Slot]: 1..3
            state o: Slot?
            state n: 0..3
            task app: low, high, opt, sum, val
            op low(i: Addr) { step w { a[0] := 0; s[1] := 1; a[i] := 1; } }
            op high() { step w { a[1] := 2; s[3] := 3; } }
            op opt() { step w { s[o] := 2; } }
            op sum(i: Slot) { step w { s[i - 1] := 2; } }
            op val() { step w { s[2] := n; } }
            invariant ok: true
            """;

    private static Expr lit(int v) {
        return new Expr.IntLit(v, new Type.RangeType(v, v), AT);
    }

    @Test
    void aLiteralIndexFitsFromTheLowBoundToTheHighOne() {
        assertFalse(ExportNames.indexFits(lit(-1), FROM_0));
        assertTrue(ExportNames.indexFits(lit(0), FROM_0));
        assertTrue(ExportNames.indexFits(lit(1), FROM_0));
        assertFalse(ExportNames.indexFits(lit(2), FROM_0));
        assertFalse(ExportNames.indexFits(lit(0), FROM_1));
        assertTrue(ExportNames.indexFits(lit(1), FROM_1));
        assertTrue(ExportNames.indexFits(lit(3), FROM_1));
        assertFalse(ExportNames.indexFits(lit(4), FROM_1));
    }

    @Test
    void aDomainIndexFitsOnlyADomainThatHoldsItAndNeverWhenOptional() {
        Domain wider = new Domain("Wide", 0, 3, AT);
        Domain inner = new Domain("Inner", 1, 2, AT);
        assertTrue(ExportNames.indexFits(new Expr.IntLit(1, new Type.DomainType(FROM_1), AT), FROM_1));
        assertTrue(ExportNames.indexFits(read(new Type.DomainType(FROM_1)), FROM_1));
        assertTrue(ExportNames.indexFits(read(new Type.DomainType(inner)), FROM_1));
        assertFalse(ExportNames.indexFits(read(new Type.DomainType(wider)), FROM_1)); // 0 is below Slot's 1
        assertFalse(ExportNames.indexFits(read(new Type.DomainType(FROM_1)), FROM_0));
        assertFalse(ExportNames.indexFits(read(new Type.OptionalType(FROM_0)), FROM_0)); // none, -1
        assertFalse(ExportNames.indexFits(read(new Type.RangeType(0, 1)), FROM_0)); // arithmetic keeps its test
    }

    private static Expr read(Type type) {
        return new Expr.VarRead(
                new dev.mmspec.generator.ir.Var("i", dev.mmspec.generator.ir.Var.Kind.PARAM, type, AT), AT);
    }

    @Test
    void promelaTestsOnlyWhatCanFail() {
        String pml = new PromelaExporter(spec()).model();
        String low = inline(pml, "step_low_w");
        // a[0], s[1], a[i]: indices and values at the low bounds fit (every range test is an "||" of two bounds)
        assertFalse(low.contains(" || "), low);
        assertFalse(inline(pml, "step_high_w").contains(" || "), inline(pml, "step_high_w"));
        String opt = inline(pml, "step_opt_w");
        assertTrue(opt.contains("if :: v_o[0] < 1 || v_o[0] > 3 -> ctl = 4; fault = "), opt); // none is -1
        String sum = inline(pml, "step_sum_w");
        assertTrue(sum.contains("if :: (a_sum_i[t] - 1) < 1 || (a_sum_i[t] - 1) > 3 -> ctl = 4; fault = "), sum);
        String val = inline(pml, "step_val_w");
        assertTrue(val.contains("if :: x_1 < 1 || x_1 > 3 -> ctl = 4; fault = "), val); // n is 0..3, s holds 1..3
        assertEquals(
                2,
                pml.lines().filter(l -> l.contains("out of range")).count(),
                "one index and one value fault: " + pml);
    }

    @Test
    void tlaTestsTheSame() {
        String tla = new TlaExporter(spec()).module();
        assertEquals(2, count(tla, "\\notin 1..3"), tla); // s[o] and s[i - 1]
        assertEquals(0, count(tla, "\\notin 0..1"), tla); // a[0], a[1], a[i]
        assertTrue(tla.contains("< 1 \\/ "), tla); // s[2] := n
        assertFalse(tla.contains("< 0 \\/ "), tla);
    }

    private static Spec spec() {
        CompileResult r = new SpecCompiler().compile("bounds.mmspec", SPEC);
        assertNotNull(r.spec(), r.diagnostics().toString());
        return r.spec();
    }

    /** The text of one {@code inline}, from its header to its closing brace. */
    private static String inline(String pml, String name) {
        int from = pml.indexOf("inline " + name + "(t) {");
        assertTrue(from >= 0, name + " in " + pml);
        return pml.substring(from, pml.indexOf("\n}\n", from));
    }

    private static long count(String text, String what) {
        long n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
