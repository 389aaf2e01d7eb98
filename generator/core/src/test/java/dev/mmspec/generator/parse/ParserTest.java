package dev.mmspec.generator.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.ExpressionSyntax;
import dev.mmspec.generator.ast.SpecFile;
import dev.mmspec.generator.ast.StatementSyntax;
import dev.mmspec.generator.diag.Diagnostic;
import dev.mmspec.generator.diag.Reporter;
import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.lang.UnaryOp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTest {

    private static SpecFile parse(String text) {
        Reporter reporter = new Reporter("t.mmspec");
        SpecFile spec = new SpecParser().parse(text, reporter);
        assertEquals(List.of(), reporter.sorted(), "unexpected diagnostics");
        assertNotNull(spec);
        return spec;
    }

    private static ExpressionSyntax invariantBody(String expression) {
        SpecFile spec = parse("spec t \"t\"\ninvariant i: " + expression + "\n");
        return ((Declaration.Invariant) spec.declarations().get(0)).body();
    }

    /** Renders the tree with every operator parenthesised, to show how it grouped. */
    private static String shape(ExpressionSyntax e) {
        if (e instanceof ExpressionSyntax.Binary b) {
            return "(" + shape(b.left()) + " " + b.op().spelling() + " " + shape(b.right()) + ")";
        }
        if (e instanceof ExpressionSyntax.Unary u) {
            return "(" + (u.op() == UnaryOp.NOT ? "!" : "-") + shape(u.operand()) + ")";
        }
        if (e instanceof ExpressionSyntax.Conditional c) {
            return "(" + shape(c.condition()) + " ? " + shape(c.then()) + " : " + shape(c.otherwise()) + ")";
        }
        if (e instanceof ExpressionSyntax.Quantified q) {
            return "(" + q.quantifier().name().toLowerCase(java.util.Locale.ROOT) + " "
                    + q.binder().name() + ": " + shape(q.body()) + ")";
        }
        if (e instanceof ExpressionSyntax.Index x) {
            return shape(x.base()) + "["
                    + String.join(
                            ", ", x.indices().stream().map(ParserTest::shape).toList()) + "]";
        }
        if (e instanceof ExpressionSyntax.Field f) {
            return shape(f.base()) + "." + f.field().name();
        }
        if (e instanceof ExpressionSyntax.Name n) {
            return n.name().name();
        }
        if (e instanceof ExpressionSyntax.IntLiteral i) {
            return Long.toString(i.value());
        }
        return e.getClass().getSimpleName();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiterString = " => ",
            value = {
                "1 + 2 * 3 => (1 + (2 * 3))",
                "1 - 2 - 3 => ((1 - 2) - 3)",
                "a implies b implies c => (a implies (b implies c))",
                "a || b ? c : d => ((a || b) ? c : d)",
                "a implies b ? c : d => (a implies (b ? c : d))",
                "a && b || c && d => ((a && b) || (c && d))",
                "!a && b => ((!a) && b)",
                "a == b && c < d + 1 => ((a == b) && (c < (d + 1)))",
                "-x[1].f * 2 => ((-x[1].f) * 2)",
                "m[a, b].f => m[a, b].f",
                "forall x in D: a implies b => (forall x: (a implies b))",
                "p && exists x in D: q || r => (p && (exists x: (q || r)))",
                "count(x in D: a) >= 1 => ((count x: a) >= 1)",
            })
    void operatorsGroupByPrecedence(String source, String grouped) {
        assertEquals(grouped, shape(invariantBody(source)));
    }

    @Test
    void spansAreOneBased() {
        SpecFile spec = parse("spec t \"t\"\nconst MAX = 42\n");
        Declaration.Const c = (Declaration.Const) spec.declarations().get(0);
        assertEquals(new Span(2, 1, 2, 15), c.span());
        assertEquals(new Span(2, 7, 2, 10), c.name().span());
        assertEquals(new Span(2, 13, 2, 15), c.value().span());
    }

    @Test
    void invariantTextIsTheBodyWithWhitespaceNormalisedAndCommentsDropped() {
        SpecFile spec = parse(
                "spec t \"t\"\ninvariant i \"d\" when !held(l):\n  forall a in A:   x[a] /* why */ ==\n     true // "
                        + "done\n");
        Declaration.Invariant inv = (Declaration.Invariant) spec.declarations().get(0);
        assertEquals("forall a in A: x[a] == true", inv.text());
        assertEquals("!held(l)", inv.whenText());
        assertEquals("d", inv.description());
    }

    @Test
    void readAndWriteAreNamesExceptAfterALock() {
        SpecFile spec = parse("""
                spec t "t"
                task app: read, write
                op write(read: A) { step s { lock sem write; unlock sem; x.read := read; } }
                """);
        Declaration.Op op = (Declaration.Op) spec.declarations().get(1);
        assertEquals("write", op.name().name());
        assertEquals("read", op.parameters().get(0).name().name());
        StatementSyntax.Lock lock =
                (StatementSyntax.Lock) op.steps().get(0).body().get(0);
        assertEquals(dev.mmspec.generator.lang.LockMode.WRITE, lock.lock().access());
    }

    /** The runtime's migration has scheduling points migrate.lock and migrate.unlock: steps may be named so. */
    @Test
    void lockAndUnlockAreStepNames() {
        SpecFile spec = parse("""
                spec t "t"
                task cpu: migrate
                op migrate() { step lock { lock l; goto unlock; } step unlock { unlock l; } }
                scenario s { cpu: migrate().lock; cpu: migrate().unlock; } expect holds
                """);
        Declaration.Op op = (Declaration.Op) spec.declarations().get(1);
        assertEquals(
                List.of("lock", "unlock"),
                op.steps().stream().map(s -> s.name().name()).toList());
        StatementSyntax.Goto jump =
                (StatementSyntax.Goto) op.steps().get(0).body().get(1);
        assertEquals("unlock", jump.target().name());
        Declaration.Scenario scenario =
                (Declaration.Scenario) spec.declarations().get(2);
        assertEquals("lock", scenario.entries().get(0).step().name());
        Span where = scenario.entries().get(0).step().span();
        assertEquals(List.of(4, 29), List.of(where.line(), where.column()));
    }

    @Test
    void elseIfNestsAnIfInTheElseBranch() {
        SpecFile spec = parse("spec t \"t\"\ninit { if a { return; } else if b { return; } else { return; } }\n");
        StatementSyntax.If outer = (StatementSyntax.If)
                ((Declaration.Init) spec.declarations().get(0)).body().get(0);
        StatementSyntax.If inner =
                assertInstanceOf(StatementSyntax.If.class, outer.otherwise().get(0));
        assertEquals(1, inner.otherwise().size());
    }

    @Test
    void recordFieldsMayBeSeparatedByNewlinesOrCommas() {
        SpecFile spec = parse("spec t \"t\"\nrecord R { a: bool, b: 0..1 = 1\n c: D? }\n");
        assertEquals(
                3, ((Declaration.Record) spec.declarations().get(0)).fields().size());
    }

    @Test
    void everySyntaxErrorIsReportedWithOneBasedColumns() {
        Reporter reporter = new Reporter("t.mmspec");
        SpecFile spec = new SpecParser().parse("""
                spec t "t"
                op f() {
                  step s {
                    x := 1
                    y = 2;
                    z := 3 +;
                  }
                }
                """, reporter);
        assertNull(spec);
        assertEquals(
                List.of("4:11 MM0101", "5:7 MM0101", "6:13 MM0101"),
                reporter.sorted().stream().map(d -> d.span() + " " + d.code()).toList());
        assertEquals("missing ';'", reporter.sorted().get(0).message());
        assertEquals(
                "assignment in a step is written ':='", reporter.sorted().get(1).hint());
        assertEquals(
                "unexpected ';'; expected an expression",
                reporter.sorted().get(2).message());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "spec t \"t\" # | MM0102 | 1:12",
                "spec t \"t\\nconst | MM0103 | 1:8",
                "spec t \"t\"\\n/* never closed | MM0103 | 2:1",
                "spec t \"t\"\\nconst count = 1 | MM0101 | 2:7",
            })
    void lexicalErrorsHaveTheirOwnCodes(String text, String code, String at) {
        Reporter reporter = new Reporter("t.mmspec");
        new SpecParser().parse(text.replace("\\n", "\n"), reporter);
        Diagnostic first = reporter.sorted().get(0);
        assertEquals(code + " " + at, first.code() + " " + first.span());
    }
}
