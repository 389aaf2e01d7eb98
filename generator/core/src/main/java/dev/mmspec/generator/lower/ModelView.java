package dev.mmspec.generator.lower;

import java.util.List;

/**
 * Everything the model template prints, decided: names, and the members as lines already indented
 * for their place in the class. The template only lays the sections out.
 *
 * @param sourcePath the spec file the output is generated from
 * @param packageName Java package of every class generated from the spec
 * @param className the model class
 * @param specName the spec's name
 * @param title the spec's title
 * @param specLine the line of the {@code spec} declaration
 * @param layout one line per block of the packed state, for the class Javadoc
 * @param members the class body: constants, constructor, Model methods, steps, helpers, accessors
 */
public record ModelView(
        String sourcePath,
        String packageName,
        String className,
        String specName,
        String title,
        int specLine,
        List<String> layout,
        List<String> members) {
    public ModelView {
        layout = List.copyOf(layout);
        members = List.copyOf(members);
    }
}
