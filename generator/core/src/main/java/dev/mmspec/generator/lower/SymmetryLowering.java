package dev.mmspec.generator.lower;

import static dev.mmspec.generator.lower.Code.param;
import static dev.mmspec.generator.lower.JavaExpr.arrayInit;
import static dev.mmspec.generator.lower.JavaExpr.call;
import static dev.mmspec.generator.lower.JavaExpr.ints;
import static dev.mmspec.generator.lower.JavaExpr.listOf;
import static dev.mmspec.generator.lower.JavaExpr.listOfInts;
import static dev.mmspec.generator.lower.JavaExpr.method;
import static dev.mmspec.generator.lower.JavaExpr.newArray;
import static dev.mmspec.generator.lower.JavaExpr.newObject;
import static dev.mmspec.generator.lower.JavaExpr.str;

import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.Stmt;
import dev.mmspec.generator.ir.SymmetricDomain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The symmetry declarations of a spec, lowered: the model contract's {@code TaskSymmetry} for groups of tasks and one
 * {@code DomainSymmetry} per symmetric domain, built over the slot table; {@code canonicalize} and
 * {@code canonicalizeExactly}; and, for {@code choose} and {@code alloc} over a symmetric domain, the block of model
 * errors that names two fitting elements found not interchangeable (see {@code DomainSymmetry}'s soundness argument).
 */
final class SymmetryLowering {
    private final Spec spec;
    private final Layout layout;
    private final ModelNames names;
    /** Per symmetric domain, the first error of each choose or alloc's block. */
    private final Map<String, List<Integer>> pairErrors = new LinkedHashMap<>();

    SymmetryLowering(Spec spec, Layout layout, ModelNames names) {
        this.spec = spec;
        this.layout = layout;
        this.names = names;
        spec.symmetricDomains().forEach(d -> pairErrors.put(d.domain().name(), new ArrayList<>()));
    }

    /**
     * Adds the model errors of {@code c}, a choose or alloc over a symmetric domain: one per pair of elements, in
     * {@code DomainSymmetry.pair} order.
     *
     * @return the id of the first
     */
    int pairErrors(Stmt.Choose c, ErrorSites errors) {
        Domain d = c.domain();
        String what = (c.alloc() ? "alloc " : "choose ") + c.binder().name() + " in " + d.name();
        List<String> messages = new ArrayList<>();
        for (int a = 0; a < d.size(); a++) {
            for (int b = a + 1; b < d.size(); b++) {
                messages.add(what + ": " + d.name() + " " + (d.low() + a) + " and " + (d.low() + b)
                        + " both fit but differ (fields,"
                        + " locks or what names them), so taking the lowest is not symmetric; make fitting " + d.name()
                        + " elements alike (reset a freed one's fields, clear what still names it) or drop 'symmetry "
                        + d.name() + "'");
            }
        }
        int first = errors.addBlock(messages, c.span());
        pairErrors.get(d.name()).add(first);
        return first;
    }

    /** @return the {@code ModelInfo.SymmetricDomain} constructors; call after every step is lowered. */
    List<String> infoItems() {
        List<String> out = new ArrayList<>();
        for (SymmetricDomain sd : spec.symmetricDomains()) {
            Domain d = sd.domain();
            out.add(newObject(
                    "ModelInfo.SymmetricDomain",
                    str(d.name()),
                    Integer.toString(d.low()),
                    Integer.toString(d.size()),
                    listOfInts(pairErrors.get(d.name()))));
        }
        return out;
    }

    /**
     * {@code canonicalize} and {@code canonicalizeExactly}, for a spec that declares symmetries: tasks first, then each
     * domain. A spec with an array over {@code Task} keeps tasks as they are (no task reduction, which is always
     * sound).
     */
    void members(Code c) {
        if (spec.symmetries().isEmpty() && spec.symmetricDomains().isEmpty()) {
            return;
        }
        SlotTable slots = new SlotTable(spec, layout);
        List<String> calls = new ArrayList<>();
        String tasks = "null";
        c.blank();
        if (!spec.symmetries().isEmpty() && slots.taskIndexed()) {
            c.line("// No task symmetry: an array over Task would have to be permuted too; tasks are explored as "
                    + "they are.");
        } else if (!spec.symmetries().isEmpty()) {
            String lines = String.join(
                    ", ",
                    spec.symmetries().stream()
                            .map(sy -> String.valueOf(sy.span().line()))
                            .toList());
            c.doc("Symmetry reduction (" + spec.sourcePath() + ":" + lines
                    + "): tasks of a group sorted, task references renamed.");
            String type = "dev.mmspec.contract.model.TaskSymmetry";
            c.field(
                    "private final",
                    type,
                    "symmetry",
                    newObject(type, "INFO", newArray("int[]", ints(slots.taskValued()))));
            calls.add(method("symmetry", "canonicalize", "s"));
            tasks = "symmetry";
        }
        List<String> domains = new ArrayList<>();
        for (SymmetricDomain sd : spec.symmetricDomains()) {
            SlotTable.DomainSlots ds = slots.symmetric().get(sd.domain().name());
            String field = names.symmetry(sd.domain());
            c.blank();
            c.doc("Symmetry reduction (" + spec.sourcePath() + ":" + sd.span().line() + "): "
                    + sd.domain().name() + " elements sorted, references to them renamed.");
            String type = "dev.mmspec.contract.model.DomainSymmetry";
            c.field(
                    "private final",
                    type,
                    field,
                    newObject(
                            type,
                            "INFO",
                            str(sd.domain().name()),
                            newArray(
                                    "int[][]",
                                    ds.own().stream()
                                            .map(own -> arrayInit(ints(own)))
                                            .toList()),
                            newArray("int[]", ints(ds.values())),
                            newArray("int[]", ints(ds.operations()))));
            calls.add(method(field, "canonicalize", "s"));
            domains.add(field);
        }
        if (calls.isEmpty()) {
            return;
        }
        c.blank();
        c.override();
        c.method("public", "void", "canonicalize", List.of(param("long[]", "s")));
        calls.forEach(c::stmt);
        c.close();
        if (!domains.isEmpty()) {
            c.blank();
            c.override();
            c.method("public", "void", "canonicalizeExactly", List.of(param("long[]", "s")));
            c.stmt(call("dev.mmspec.contract.model.DomainSymmetry.canonicalizeExactly", "s", tasks, listOf(domains)));
            c.close();
        }
    }
}
