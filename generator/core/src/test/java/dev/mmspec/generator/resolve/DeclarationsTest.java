package dev.mmspec.generator.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.AnalysedSpec;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.check.Analysis;
import dev.mmspec.generator.ir.Fix;
import dev.mmspec.generator.ir.Guard;
import dev.mmspec.generator.ir.Lock;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.StateVar;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The IR's declaration objects that {@code resolve} builds ({@link Declarations}: state variables, locks, fixes and
 * guards) are built there only, each once: the checkers' results hold none of them, and every one reachable from a
 * resolved spec (an {@code if fix} expression, a scenario's fixes off, an expectation, a lock statement, a state read
 * or write, a guard) is the very object of the spec's list.
 */
class DeclarationsTest {
    private static final List<Class<?>> BUILT_BY_RESOLVE = List.of(Fix.class, Guard.class, Lock.class, StateVar.class);

    private static List<Path> specs() throws IOException {
        List<Path> specs = new ArrayList<>();
        for (String dir : List.of("../../spec", "../../bench/specs", "src/test/resources/fixtures/good")) {
            try (Stream<Path> files = Files.walk(Path.of(dir))) {
                files.filter(p -> p.toString().endsWith(".mmspec")).sorted().forEach(specs::add);
            }
        }
        return specs;
    }

    @Test
    void theCheckersResultsHoldNoDeclarationThatResolveBuilds() throws IOException {
        for (Path file : specs()) {
            AnalysedSpec analysed = new SpecCompiler().analyse(file.toString(), Files.readString(file));
            Analysis analysis = analysed.analysis();
            for (Record phase :
                    List.<Record>of(analysis.symbols(), analysis.typing(), analysis.locking(), analysis.scenarios())) {
                for (Object o : reachable(phase)) {
                    assertFalse(
                            BUILT_BY_RESOLVE.stream().anyMatch(c -> c.isInstance(o)),
                            () -> phase.getClass().getSimpleName() + " of " + file + " holds " + o);
                }
            }
        }
    }

    @Test
    void everyReferenceToADeclarationIsTheSpecsOwnObject() throws IOException {
        int fixes = 0;
        int guards = 0;
        for (Path file : specs()) {
            Spec spec = new SpecCompiler()
                    .compile(file, file.getFileName().toString())
                    .spec();
            assertNotNull(spec, file.toString());
            Set<Object> declared = Collections.newSetFromMap(new IdentityHashMap<>());
            declared.addAll(spec.fixes());
            declared.addAll(spec.guards());
            declared.addAll(spec.state());
            declared.addAll(spec.locks());
            for (Object o : reachable(spec)) {
                if (o instanceof Fix || o instanceof Guard || o instanceof StateVar || o instanceof Lock) {
                    assertTrue(declared.contains(o), () -> file + ": a copy of " + o);
                }
            }
            for (int i = 0; i < spec.fixes().size(); i++) {
                assertEquals(i, spec.fixes().get(i).index(), "a fix's index is its place: its bit in a fix mask");
            }
            fixes += spec.fixes().size();
            guards += spec.guards().size();
        }
        assertTrue(fixes > 10 && guards > 10, fixes + " fixes, " + guards + " guards: the specs were not read");
    }

    /** @return every object reachable from {@code root} through record components, collections, maps and optionals. */
    private static Collection<Object> reachable(Object root) {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        List<Object> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Object o = todo.remove(todo.size() - 1);
            if (o == null || seen.put(o, true) != null) {
                continue;
            }
            if (o instanceof Collection<?> c) {
                todo.addAll(c);
            } else if (o instanceof Map<?, ?> m) {
                todo.addAll(m.keySet());
                todo.addAll(m.values());
            } else if (o instanceof Optional<?> opt) {
                opt.ifPresent(todo::add);
            } else if (o instanceof Record r) {
                for (RecordComponent component : r.getClass().getRecordComponents()) {
                    try {
                        component.getAccessor().setAccessible(true);
                        todo.add(component.getAccessor().invoke(r));
                    } catch (ReflectiveOperationException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        return seen.keySet();
    }
}
