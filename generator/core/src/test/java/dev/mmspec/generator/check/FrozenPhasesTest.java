package dev.mmspec.generator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.AnalysedSpec;
import dev.mmspec.generator.SpecCompiler;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The checkers hand on frozen values (issue 12 §4): every collection of the symbol table and of each attribution result
 * refuses a change, for every shipped spec, so no later phase (the resolver, the language server) can alter what an
 * earlier one decided. New components are covered as they are added.
 */
class FrozenPhasesTest {

    @Test
    void everyCollectionThePhasesReturnIsUnmodifiable() throws IOException {
        List<Path> specs;
        try (Stream<Path> files = Files.walk(Path.of("../../spec"))) {
            specs = files.filter(p -> p.toString().endsWith(".mmspec")).sorted().toList();
        }
        assertFalse(specs.isEmpty());
        int checked = 0;
        int nonEmpty = 0;
        for (Path spec : specs) {
            AnalysedSpec analysed = new SpecCompiler().analyse(spec.toString(), Files.readString(spec));
            assertEquals(List.of(), analysed.result().diagnostics(), spec.toString());
            Analysis analysis = analysed.analysis();
            for (Record phase :
                    List.<Record>of(analysis.symbols(), analysis.typing(), analysis.locking(), analysis.scenarios())) {
                assertFalse(collections(phase).isEmpty(), phase.getClass().getSimpleName());
                for (Object value : collections(phase)) {
                    checked++;
                    nonEmpty += isEmpty(value) ? 0 : 1;
                    assertThrows(
                            UnsupportedOperationException.class,
                            () -> clear(value),
                            phase.getClass().getSimpleName() + " of " + spec);
                }
            }
        }
        // Most are non-empty in real specs, so a clear() that went through would have changed something.
        assertTrue(nonEmpty > checked / 2, "non-empty collections: " + nonEmpty + " of " + checked);
    }

    @Test
    void theAnalysisOfASpecWithErrorsIsFrozenToo() {
        AnalysedSpec analysed = new SpecCompiler().analyse("broken.mmspec", """
                spec broken "a spec with errors"
                state x: 0..1
                task app: bump
                op bump() { step one { x := nowhere; } }
                """);
        assertFalse(analysed.result().diagnostics().isEmpty());
        Analysis analysis = analysed.analysis();
        assertNotNull(analysis);
        assertThrows(
                UnsupportedOperationException.class, () -> analysis.states().clear());
        assertThrows(
                UnsupportedOperationException.class,
                () -> analysis.symbols().broken().add("x"));
        assertThrows(
                UnsupportedOperationException.class,
                () -> analysis.typing().bindings().clear());
    }

    private static List<Object> collections(Record phase) {
        List<Object> out = new ArrayList<>();
        for (RecordComponent component : phase.getClass().getRecordComponents()) {
            try {
                Object value = component.getAccessor().invoke(phase);
                if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
                    out.add(value);
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    private static boolean isEmpty(Object value) {
        return value instanceof Map<?, ?> m ? m.isEmpty() : ((Collection<?>) value).isEmpty();
    }

    private static void clear(Object value) {
        if (value instanceof Map<?, ?> m) {
            m.clear();
        } else {
            ((Collection<?>) value).clear();
        }
    }
}
