package dev.mmspec.generator.lower;

import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.EnumDecl;
import dev.mmspec.generator.ir.Fix;
import dev.mmspec.generator.ir.Operation;
import dev.mmspec.generator.ir.RecordDecl;
import dev.mmspec.generator.ir.Scenario;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.StateVar;
import dev.mmspec.generator.ir.Step;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.ir.Var;
import java.util.ArrayList;
import java.util.List;

/** Lowers a spec to the view of its binding, state writer, conformance adapter and tests. */
public final class ApiLowering {
    private final Spec spec;

    public ApiLowering(Spec spec) {
        this.spec = spec;
    }

    public ApiView lower(String packageName) {
        String prefix = Names.pascal(spec.name());
        List<ApiView.OperationView> ops = new ArrayList<>();
        for (Operation op : spec.operations()) {
            List<String> params = new ArrayList<>();
            List<String> args = new ArrayList<>();
            List<String> sig = new ArrayList<>();
            for (int i = 0; i < op.parameters().size(); i++) {
                Var p = op.parameters().get(i);
                params.add("int " + javaName(p.name()));
                args.add("args[" + i + "]");
                sig.add(p.name() + ": " + p.type());
            }
            String labels = String.join(", ", op.steps().stream().map(Step::label).toList());
            String doc = spec.sourcePath() + ":" + op.span().line() + ": {@code op " + op.name() + "(" + String.join(", ", sig)
                    + ")}; step points, in order: " + labels + ".";
            ops.add(new ApiView.OperationView(op.index(), op.name(), Names.camel(op.name()), String.join(", ", params),
                    String.join(", ", args), doc));
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
                constants.add("public static final int " + Names.constant(e.name(), e.literals().get(i)) + " = " + i + ";");
            }
        }
        List<ApiView.ExpectationView> expectations = spec.expectations().stream()
                .map(e -> new ApiView.ExpectationView(e.fix().name(), e.invariant().name(), e.span().line()))
                .toList();
        long seed = 0x6d6d73706563L ^ spec.name().hashCode();
        return new ApiView(spec.sourcePath(), packageName, spec.name(), prefix, ops, setters, constants,
                spec.scenarios().stream().map(Scenario::name).toList(), expectations,
                spec.fixes().stream().map(Fix::name).toList(), seed + "L");
    }

    private ApiView.SetterView setter(StateVar v, String field, Type type, String prefix) {
        String method = Names.camel(v.name() + (field == null ? "" : "_" + field));
        List<String> params = new ArrayList<>();
        List<String> indexTerms = new ArrayList<>();
        int stride = 1;
        List<String> reversed = new ArrayList<>();
        for (int d = v.dimensions().size() - 1; d >= 0; d--) {
            Domain dom = v.dimensions().get(d);
            String p = "i" + d;
            String term = "index(" + Names.quote(v.name()) + ", " + p + ", " + dom.low() + ", " + dom.high() + ")";
            reversed.add(stride == 1 ? term : term + " * " + stride);
            stride *= dom.size();
        }
        for (int d = 0; d < v.dimensions().size(); d++) {
            params.add("int i" + d);
        }
        for (int i = reversed.size() - 1; i >= 0; i--) {
            indexTerms.add(reversed.get(i));
        }
        String element = indexTerms.isEmpty() ? "0" : String.join(" + ", indexTerms);
        String fieldName = v.name() + (field == null ? "" : "." + field);
        String value;
        if (type instanceof Type.BoolType) {
            params.add("boolean value");
            value = "value ? 1 : 0";
        } else {
            params.add("int value");
            int low = type instanceof Type.OptionalType ? -1 : type.low();
            value = "value(" + Names.quote(fieldName) + ", value, " + low + ", " + type.high() + ")";
        }
        String doc = fieldName + ": " + type + (type instanceof Type.OptionalType ? " (-1 for none)" : "")
                + (v.dimensions().isEmpty() ? "" : ", indexed by " + String.join(", ", v.dimensions().stream().map(Domain::name).toList()));
        String body = prefix + "Model." + Accessors.setter(v, field) + "(state, " + element + ", " + value + ");";
        return new ApiView.SetterView(method, String.join(", ", params), doc, body);
    }

    private static String javaName(String specName) {
        return javax.lang.model.SourceVersion.isKeyword(specName) ? specName + "_" : specName;
    }
}
