package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.SpecFile;
import dev.mmspec.generator.diag.Reporter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the checkers over one spec in dependency order and returns what they learned. Every
 * checker reports into the same {@link Reporter}; none stops the others, so one run reports
 * every error of the file.
 */
public final class SpecChecker {

    public Analysis check(SpecFile spec, Reporter reporter) {
        Analysis analysis = new Analysis(spec, reporter);
        List<Declaration> all = spec.declarations();
        Map<String, Declaration.Const> constants = new LinkedHashMap<>();
        DeclarationChecker.of(all, Declaration.Const.class).forEach(c -> constants.putIfAbsent(c.name().name(), c));

        ConstantFolder folder = new ConstantFolder(analysis, constants);
        BoundsChecker bounds = new BoundsChecker(analysis, folder);
        TypeRefs typeRefs = new TypeRefs(analysis, bounds);
        LockOrder order = new LockOrder(analysis);
        GuardChecker guards = new GuardChecker(analysis);
        new DeclarationChecker(analysis, folder, bounds, typeRefs, order, guards).check();

        TypeChecker types = new TypeChecker(analysis, new ExpressionTyper(analysis, bounds, folder, typeRefs), typeRefs);
        LockChecker locks = new LockChecker(analysis, order, guards);
        for (Declaration d : all) {
            if (d instanceof Declaration.Init init) {
                types.checkInit(init);
                locks.checkInit(init);
            } else if (d instanceof Declaration.Op op && analysis.operations.get(op.name().name()) == op) {
                types.checkOperation(op);
                locks.checkOperation(op);
            } else if (d instanceof Declaration.Invariant inv) {
                types.checkInvariant(inv);
                locks.checkInvariant(inv);
            }
        }
        new SymmetryChecker(analysis, folder).check();
        ScenarioChecker scenarios = new ScenarioChecker(analysis, bounds);
        for (Declaration d : all) {
            if (d instanceof Declaration.Scenario s) {
                scenarios.checkScenario(s);
            } else if (d instanceof Declaration.Expect e) {
                scenarios.checkExpect(e);
            } else if (d instanceof Declaration.Symmetry s) {
                scenarios.checkSymmetry(s);
            }
        }
        return analysis;
    }
}
