package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.SpecFile;
import dev.mmspec.generator.diag.Reporter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the checkers over one spec in two phases and returns what they learned, frozen. First the declaration checkers
 * build the {@link SymbolTable}, which is then frozen; then the attributing checkers walk the bodies against it and
 * each returns its own result (types, locks, scenarios), also frozen. Every checker reports into the same
 * {@link Reporter}; none stops the others, so one run reports every error of the file.
 */
public final class SpecChecker {

    public Analysis check(SpecFile spec, Reporter reporter) {
        List<Declaration> all = spec.declarations();
        Map<String, Declaration.Const> constants = new LinkedHashMap<>();
        DeclarationChecker.of(all, Declaration.Const.class)
                .forEach(c -> constants.putIfAbsent(c.name().name(), c));

        // Phase 1: the declarations, into a symbol table that is frozen before anything reads a body.
        SymbolTable.Builder table = new SymbolTable.Builder();
        ConstantFolder declaring = ConstantFolder.declaring(reporter, table, constants);
        BoundsChecker declaredBounds = new BoundsChecker(reporter, declaring);
        LockOrder order = new LockOrder(reporter);
        GuardChecker guards = new GuardChecker(reporter, table);
        new DeclarationChecker(
                        spec,
                        reporter,
                        table,
                        declaring,
                        declaredBounds,
                        new TypeRefs(reporter, table, declaredBounds),
                        order,
                        guards)
                .check();
        SymbolTable symbols = table.freeze(guards.declared());

        // Phase 2: attribution. Each declaration is typed, then walked for locks (which reads its bindings).
        TypeAttribution.Builder typed = new TypeAttribution.Builder(symbols);
        ConstantFolder folder = declaring.attributing(typed.symbols(), typed::binding);
        BoundsChecker bounds = new BoundsChecker(reporter, folder);
        TypeRefs typeRefs = new TypeRefs(reporter, typed.symbols(), bounds);
        TypeChecker types = new TypeChecker(
                reporter,
                symbols,
                typed,
                new ExpressionTyper(reporter, symbols, typed, bounds, folder, typeRefs),
                typeRefs);
        LockChecker locks = new LockChecker(reporter, symbols, typed::binding, order, guards);
        for (Declaration d : all) {
            if (d instanceof Declaration.Init init) {
                types.checkInit(init);
                locks.checkInit(init);
            } else if (d instanceof Declaration.Op op
                    && symbols.operations().get(op.name().name()) == op) {
                types.checkOperation(op);
                locks.checkOperation(op);
            } else if (d instanceof Declaration.Invariant inv) {
                types.checkInvariant(inv);
                locks.checkInvariant(inv);
            }
        }
        TypeAttribution typing = types.result();
        ConstantFolder typedFolder = declaring.attributing(symbols, typing.bindings()::get);
        new SymmetryChecker(reporter, spec, symbols, typing, typedFolder).check();
        ScenarioChecker scenarios =
                new ScenarioChecker(reporter, symbols, typing, new BoundsChecker(reporter, typedFolder));
        for (Declaration d : all) {
            if (d instanceof Declaration.Scenario s) {
                scenarios.checkScenario(s);
            } else if (d instanceof Declaration.Expect e) {
                scenarios.checkExpect(e);
            } else if (d instanceof Declaration.Symmetry s) {
                scenarios.checkSymmetry(s);
            }
        }
        return new Analysis(spec, symbols, typing, locks.result(), scenarios.result());
    }
}
