package dev.mmspec.generator.lower;

import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.EnumDecl;
import dev.mmspec.generator.ir.Fix;
import dev.mmspec.generator.ir.Operation;
import dev.mmspec.generator.ir.RecordDecl;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.StateVar;
import dev.mmspec.generator.ir.Step;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.ir.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers a spec to the view of its binding, state writer, conformance adapter and tests. The binding's methods and the
 * state writer's members each come from a {@link NameAllocator} of their class, holding the names the class has of its
 * own ({@code abstractState}, {@code index}).
 */
public final class ApiLowering {
    /** Members of the binding interface (and Object's) that an operation must not take. */
    private static final List<String> BINDING_MEMBERS =
            NameAllocator.withObjectMethods(List.of("abstractState", "Factory", "create"));
    /** Members of the state writer and its base class that a setter or constant must not take. */
    private static final List<String> STATE_MEMBERS =
            NameAllocator.withObjectMethods(List.of("state", "index", "value"));

    private final Spec spec;
    private final ModelNames model;
    private final NameAllocator stateMembers = new NameAllocator(STATE_MEMBERS);

    public ApiLowering(Spec spec) {
        this.spec = spec;
        this.model = new ModelNames(spec, new Layout(spec), ClassNames.model(spec));
    }

    public ApiView lower(String packageName) {
        return lower(packageName, false);
    }

    /** @param noBindingInBuild whether the build configuration lists this spec among those without a binding */
    public ApiView lower(String packageName, boolean noBindingInBuild) {
        String prefix = ClassNames.prefix(spec);
        NameAllocator bindingMembers = new NameAllocator(BINDING_MEMBERS);
        List<ApiView.OperationView> ops = new ArrayList<>();
        for (Operation op : spec.operations()) {
            List<String> params = new ArrayList<>();
            List<String> args = new ArrayList<>();
            List<String> sig = new ArrayList<>();
            NameAllocator locals = new NameAllocator(List.of("context"));
            for (int i = 0; i < op.parameters().size(); i++) {
                Var p = op.parameters().get(i);
                params.add(Code.param("int", locals.newName(p.name())));
                args.add(JavaExpr.at("args", Integer.toString(i)));
                sig.add(p.name() + ": " + p.type());
            }
            String labels =
                    String.join(", ", op.steps().stream().map(Step::label).toList());
            String doc = JavaText.javadoc(spec.sourcePath() + ":" + op.span().line()) + ": "
                    + JavaText.javadocCode("op " + op.name() + "(" + String.join(", ", sig) + ")")
                    + "; step points, in order: "
                    + JavaText.javadoc(labels) + ".";
            String camel = Names.camel(op.name());
            String method = bindingMembers.newName(camel.isEmpty() ? op.name() : camel);
            ops.add(new ApiView.OperationView(
                    op.index(),
                    JavaText.lineComment(op.name()),
                    method,
                    String.join(", ", params),
                    String.join(", ", args),
                    doc));
        }
        List<ApiView.SetterView> setters = new ArrayList<>();
        for (StateVar v : spec.state()) {
            if (v.ghost()) {
                continue;
            }
            if (v.isRecord()) {
                for (RecordDecl.Field f : v.record().fields()) {
                    setters.add(setter(v, f.name(), f.type(), prefix));
                }
            } else {
                setters.add(setter(v, null, v.type(), prefix));
            }
        }
        List<String> constants = new ArrayList<>();
        for (EnumDecl e : spec.enums()) {
            for (int i = 0; i < e.literals().size(); i++) {
                String constant = stateMembers.newName(
                        Names.constant(e.name(), e.literals().get(i)));
                constants.add(new Code()
                        .field("public static final", "int", constant, Integer.toString(i))
                        .lines()
                        .get(0));
            }
        }
        List<ApiView.ExpectationView> expectations = spec.expectations().stream()
                .map(e -> new ApiView.ExpectationView(
                        text(e.fix().name()),
                        text(e.invariant().name()),
                        e.span().line()))
                .toList();
        long seed = 0x6d6d73706563L ^ spec.name().hashCode();
        return new ApiView(
                JavaText.lineComment(spec.sourcePath()),
                JavaText.javadoc(spec.sourcePath()),
                packageName,
                JavaText.javadoc(spec.name()),
                text(spec.name()),
                prefix,
                ops,
                setters,
                constants,
                spec.scenarios().stream().map(s -> text(s.name())).toList(),
                expectations,
                spec.fixes().stream().map(Fix::name).toList(),
                seed + "L",
                text(noBindingReason(noBindingInBuild)));
    }

    /**
     * @return why the runtime suites are skipped, for a person reading the surefire report; "" when a binding is
     *     required.
     */
    private String noBindingReason(boolean noBindingInBuild) {
        if (spec.bindingNone().isPresent()) {
            return "spec " + spec.name() + " declares 'binding: none' (" + spec.sourcePath() + ":"
                    + spec.bindingNone().get().line() + "): no implementation to check";
        }
        return noBindingInBuild
                ? "the build lists spec " + spec.name() + " in noBinding: no implementation to check"
                : "";
    }

    /** @return {@code name} for the inside of a string literal (the templates' CSV rows and display names). */
    private static String text(String name) {
        String literal = JavaText.literal(name);
        return literal.substring(1, literal.length() - 1);
    }

    private ApiView.SetterView setter(StateVar v, String field, Type type, String prefix) {
        String camel = Names.camel(v.name() + (field == null ? "" : "_" + field));
        String method = stateMembers.newName(camel.isEmpty() ? v.name() + (field == null ? "" : "_" + field) : camel);
        List<String> params = new ArrayList<>();
        List<String> indexTerms = new ArrayList<>();
        int stride = 1;
        List<String> reversed = new ArrayList<>();
        for (int d = v.dimensions().size() - 1; d >= 0; d--) {
            Domain dom = v.dimensions().get(d);
            String p = "i" + d;
            String term = JavaExpr.call(
                    "index", JavaExpr.str(v.name()), p, Integer.toString(dom.low()), Integer.toString(dom.high()));
            reversed.add(stride == 1 ? term : JavaExpr.infix(term, "*", Integer.toString(stride)));
            stride *= dom.size();
        }
        for (int d = 0; d < v.dimensions().size(); d++) {
            params.add(Code.param("int", "i" + d));
        }
        for (int i = reversed.size() - 1; i >= 0; i--) {
            indexTerms.add(reversed.get(i));
        }
        String element = JavaExpr.sum(indexTerms);
        String fieldName = v.name() + (field == null ? "" : "." + field);
        String value;
        if (type instanceof Type.BoolType) {
            params.add(Code.param("boolean", "value"));
            value = JavaExpr.ternary("value", "1", "0");
        } else {
            params.add(Code.param("int", "value"));
            int low = type instanceof Type.OptionalType ? -1 : type.low();
            value = JavaExpr.call(
                    "value", JavaExpr.str(fieldName), "value", Integer.toString(low), Integer.toString(type.high()));
        }
        String doc =
                JavaText.javadoc(fieldName + ": " + type + (type instanceof Type.OptionalType ? " (-1 for none)" : "")
                        + (v.dimensions().isEmpty()
                                ? ""
                                : ", indexed by "
                                        + String.join(
                                                ", ",
                                                v.dimensions().stream()
                                                        .map(Domain::name)
                                                        .toList())));
        String body = new Code()
                .stmt(JavaExpr.method(ClassNames.model(spec), model.setter(v, field), "state", element, value))
                .lines()
                .get(0);
        return new ApiView.SetterView(method, String.join(", ", params), doc, body);
    }
}
