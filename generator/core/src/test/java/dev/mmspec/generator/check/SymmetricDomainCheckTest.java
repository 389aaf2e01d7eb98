package dev.mmspec.generator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.diag.Diagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code symmetry Folio} tells a spec's author: the name it meant, and where the claim is. */
class SymmetricDomainCheckTest {
    private static final String SPEC = """
            spec folios "symmetric folios"
            domain Folio = 0..2
            state ref[Folio]: 0..3
            task app: get
            op get(f: Folio) { step s { ref[f] := 1; } }
            invariant small: forall f in Folio: ref[f] <= 3
            """;

    private static List<Diagnostic> diagnostics(String extra) {
        CompileResult result = new SpecCompiler().compile("folios.mmspec", SPEC + extra);
        return result.diagnostics();
    }

    @Test
    void aDomainIsAValidSymmetry() {
        CompileResult result = new SpecCompiler().compile("folios.mmspec", SPEC + "symmetry Folio\n");
        assertEquals(List.of(), result.diagnostics());
        assertNotNull(result.spec());
        assertEquals("Folio", result.spec().symmetricDomains().get(0).domain().name());
        assertEquals(List.of(), result.spec().symmetries(), "a domain is not a task group");
    }

    @Test
    void aMisspelledDomainGetsTheClosestName() {
        List<Diagnostic> d = diagnostics("symmetry Folo\n");
        assertEquals(1, d.size(), d.toString());
        assertEquals("MM0709", d.get(0).code());
        assertEquals("did you mean 'Folio'?", d.get(0).hint());
    }

    @Test
    void anAsymmetricUsePointsBackToTheClaim() {
        List<Diagnostic> d = diagnostics("symmetry Folio\ninvariant first_used: ref[0] > 0\n");
        assertEquals(1, d.size(), d.toString());
        assertEquals("MM0711", d.get(0).code());
        assertTrue(
                d.get(0).message().contains("'0' names one Folio element"),
                d.get(0).message());
        assertTrue(
                d.get(0).hint().endsWith("or drop 'symmetry Folio' (line 7)"),
                d.get(0).hint());
    }

    @Test
    void theSameTextIsFineWithoutTheClaim() {
        assertEquals(List.of(), diagnostics("invariant first_used: ref[0] >= 0\n"));
    }
}
