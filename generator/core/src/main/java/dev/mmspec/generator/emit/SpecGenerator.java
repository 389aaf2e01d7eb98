package dev.mmspec.generator.emit;

import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.lower.ApiLowering;
import dev.mmspec.generator.lower.ApiView;
import dev.mmspec.generator.lower.ClassNames;
import dev.mmspec.generator.lower.JavaLayout;
import dev.mmspec.generator.lower.ModelLowering;
import dev.mmspec.generator.lower.ModelView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The back end: lowers a checked spec to view models and renders them. For spec {@code x} it writes, in package
 * {@code dev.mmspec.generated.x}: the model, the binding interface, the state writer, the conformance adapter, and four
 * JUnit test classes (exploration, properties, scenarios, fix detection). Output depends only on the spec: no dates, no
 * hash order.
 */
public final class SpecGenerator {
    public static final String PACKAGE_ROOT = ClassNames.PACKAGE_ROOT;

    private final Templates templates = new Templates();

    /** @return the Java package of everything generated from {@code spec}. */
    public static String packageOf(Spec spec) {
        return ClassNames.packageOf(spec);
    }

    /** @return the model class's binary name. */
    public static String modelClassOf(Spec spec) {
        return packageOf(spec) + "." + ClassNames.model(spec);
    }

    private static String prefix(Spec spec) {
        return ClassNames.prefix(spec);
    }

    /** @return the model class only (what the explorer needs). */
    public GeneratedFile model(Spec spec) {
        String pkg = packageOf(spec);
        String dir = pkg.replace('.', '/') + "/";
        ModelView model = new ModelLowering(spec, ClassNames.model(spec)).lower(pkg, ClassNames.model(spec));
        return new GeneratedFile(dir + model.className() + ".java", render("Model.java.vm", model), false);
    }

    /** @return every file generated from {@code spec}, which needs a binding unless it says {@code binding: none}. */
    public List<GeneratedFile> generate(Spec spec) {
        return generate(spec, false);
    }

    /**
     * @param noBindingInBuild whether the build says the spec has no binding (the plugin's {@code noBinding}): its
     *     runtime suites are then skipped with that reason, as for {@code binding: none}
     * @return every file generated from {@code spec}
     */
    public List<GeneratedFile> generate(Spec spec, boolean noBindingInBuild) {
        String pkg = packageOf(spec);
        String dir = pkg.replace('.', '/') + "/";
        String p = prefix(spec);
        ApiView api = new ApiLowering(spec).lower(pkg, noBindingInBuild);
        List<GeneratedFile> out = new ArrayList<>();
        out.add(model(spec));
        out.add(new GeneratedFile(dir + p + "Binding.java", render("Binding.java.vm", api), false));
        out.add(new GeneratedFile(dir + p + "State.java", render("State.java.vm", api), false));
        out.add(new GeneratedFile(dir + p + "Conformance.java", render("Conformance.java.vm", api), false));
        out.add(new GeneratedFile(dir + p + "ExplorationTest.java", render("ExplorationTest.java.vm", api), true));
        out.add(new GeneratedFile(dir + p + "PropertyTest.java", render("PropertyTest.java.vm", api), true));
        out.add(new GeneratedFile(dir + p + "ScenarioTest.java", render("ScenarioTest.java.vm", api), true));
        out.add(new GeneratedFile(dir + p + "FixDetectionTest.java", render("FixDetectionTest.java.vm", api), true));
        return out;
    }

    private String render(String template, Object view) {
        return JavaLayout.file(templates.render(template, Map.of("view", view)));
    }
}
