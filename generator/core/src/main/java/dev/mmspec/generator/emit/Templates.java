package dev.mmspec.generator.emit;

import java.io.StringWriter;
import java.util.Map;
import java.util.Properties;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.runtime.RuntimeConstants;

/**
 * Velocity, configured the way mmspec needs it: templates from the class path, strict mode (an unknown reference is an
 * error, never an empty string), lines that hold only a directive leave no trace in the output.
 */
final class Templates {
    private static final String ROOT = "dev/mmspec/generator/templates/";

    private final VelocityEngine engine;

    Templates() {
        Properties p = new Properties();
        p.setProperty(RuntimeConstants.RESOURCE_LOADERS, "classpath");
        p.setProperty(
                "resource.loader.classpath.class",
                "org.apache.velocity.runtime.resource.loader.ClasspathResourceLoader");
        p.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT, "true"); // runtime.strict_mode.enable
        p.setProperty(RuntimeConstants.VM_ARGUMENTS_STRICT, "true");
        p.setProperty(RuntimeConstants.SPACE_GOBBLING, "lines");
        p.setProperty(RuntimeConstants.INPUT_ENCODING, "UTF-8");
        engine = new VelocityEngine(p);
        engine.init();
    }

    String render(String template, Map<String, Object> values) {
        Template t = engine.getTemplate(ROOT + template, "UTF-8");
        VelocityContext context = new VelocityContext();
        values.forEach(context::put);
        StringWriter out = new StringWriter();
        t.merge(context, out);
        return out.toString();
    }
}
