package dev.mmspec.generator.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.AnalysedSpec;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.check.Analysis;
import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.EnumDecl;
import dev.mmspec.generator.ir.Expr;
import dev.mmspec.generator.ir.Fix;
import dev.mmspec.generator.ir.Guard;
import dev.mmspec.generator.ir.LValue;
import dev.mmspec.generator.ir.Lock;
import dev.mmspec.generator.ir.Operation;
import dev.mmspec.generator.ir.RecordDecl;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.StateVar;
import dev.mmspec.generator.ir.Stmt;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.ir.Var;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
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
 * The IR's declaration objects are built by {@code resolve} only ({@link Declarations}: domains, enums, records, state
 * variables, locks, fixes, guards and variables), each once: the checkers' results hold none of them (nor an IR
 * {@link Type}), and every one reachable from a resolved spec (a type, an {@code if fix} expression, a scenario's fixes
 * off, an expectation, a lock statement, a state read or write, a guard, a variable read or write) is the very object
 * the spec declares.
 */
class DeclarationsTest {
    private static final List<Class<?>> BUILT_BY_RESOLVE = List.of(
            Domain.class,
            EnumDecl.class,
            RecordDecl.class,
            Var.class,
            StateVar.class,
            Lock.class,
            Fix.class,
            Guard.class,
            Type.class);

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
        Set<Class<?>> kinds = new java.util.HashSet<>();
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
            declared.addAll(spec.domains());
            if (spec.taskDomain() != null) {
                declared.add(spec.taskDomain());
            }
            declared.addAll(spec.enums());
            declared.addAll(spec.records());
            Collection<Object> all = reachable(spec);
            declared.addAll(declaredVariables(spec, all));
            List<Object> copies = copies(declared, all);
            assertEquals(List.of(), copies, () -> file + ": copies of declarations");
            kinds.addAll(all.stream()
                    .filter(o -> BUILT_BY_RESOLVE.stream().anyMatch(c -> c.isInstance(o)))
                    .map(o -> BUILT_BY_RESOLVE.stream()
                            .filter(c -> c.isInstance(o))
                            .findFirst()
                            .orElseThrow())
                    .toList());
            for (int i = 0; i < spec.fixes().size(); i++) {
                assertEquals(i, spec.fixes().get(i).index(), "a fix's index is its place: its bit in a fix mask");
            }
            fixes += spec.fixes().size();
            guards += spec.guards().size();
        }
        assertTrue(fixes > 10 && guards > 10, fixes + " fixes, " + guards + " guards: the specs were not read");
        assertEquals(Set.copyOf(BUILT_BY_RESOLVE), kinds, "the specs exercise every kind of declaration");
    }

    /**
     * @return the variables the spec declares: operation parameters and locals, lets, and the binders of for, choose
     *     and quantifiers (a variable read or write, or another task's variable, must name one of them)
     */
    private static List<Var> declaredVariables(Spec spec, Collection<Object> reachable) {
        List<Var> declared = new ArrayList<>();
        for (Operation op : spec.operations()) {
            declared.addAll(op.parameters());
            declared.addAll(op.locals());
        }
        for (Object o : reachable) {
            if (o instanceof Stmt.Let let) {
                declared.add(let.variable());
            } else if (o instanceof Stmt.For f) {
                declared.add(f.binder());
            } else if (o instanceof Stmt.Choose c) {
                declared.add(c.binder());
            } else if (o instanceof Expr.Quantified q) {
                declared.add(q.binder());
            }
        }
        return declared;
    }

    /** @return the declaration objects among {@code all} that are not (identically) one of {@code declared}. */
    private static List<Object> copies(Set<Object> declared, Collection<Object> all) {
        return all.stream()
                .filter(o -> BUILT_BY_RESOLVE.stream().anyMatch(c -> c != Type.class && c.isInstance(o)))
                .filter(o -> !declared.contains(o))
                .toList();
    }

    @Test
    void theIdentityCheckCatchesACopyInsideAVariablesType() {
        Domain folio = new Domain("Folio", 0, 2, Span.NONE);
        Domain copy = new Domain("Folio", 0, 2, Span.NONE);
        Var declaredBinder = new Var("f", Var.Kind.BINDER, new Type.DomainType(folio), Span.NONE);
        Var binderOfACopy = new Var("f", Var.Kind.BINDER, new Type.DomainType(copy), Span.NONE);
        Set<Object> declared = Collections.newSetFromMap(new IdentityHashMap<>());
        declared.addAll(List.of(folio, declaredBinder, binderOfACopy));
        assertEquals(List.of(), copies(declared, reachable(new LValue.LocalTarget(declaredBinder, Span.NONE))));
        List<Object> found = copies(declared, reachable(new LValue.LocalTarget(binderOfACopy, Span.NONE)));
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0) == copy, "the equal but other domain is the copy");
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
                addComponents(r, todo);
            } else if (o.getClass().getName().startsWith("dev.mmspec.generator.")) {
                // A class of the project that is no record (a variable, in the IR or in the checkers): its fields.
                for (Field field : o.getClass().getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers())
                            && !field.getType().isPrimitive()) {
                        try {
                            field.setAccessible(true);
                            todo.add(field.get(o));
                        } catch (ReflectiveOperationException e) {
                            throw new AssertionError(e);
                        }
                    }
                }
            }
        }
        return seen.keySet();
    }

    private static void addComponents(Record r, List<Object> todo) {
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
