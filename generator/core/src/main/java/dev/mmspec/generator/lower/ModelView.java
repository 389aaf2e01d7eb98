package dev.mmspec.generator.lower;

import java.util.List;

/**
 * Everything the model template prints, decided: names, and the members as lines already indented for their place in
 * the class. The template only lays the sections out. Text from the spec arrives escaped for the one context it is
 * printed in (see {@link JavaText}).
 *
 * @param sourceComment the spec file the output is generated from, for a {@code //} comment
 * @param sourceDoc the same, for Javadoc
 * @param packageName Java package of every class generated from the spec
 * @param className the model class
 * @param specNameDoc the spec's name, for Javadoc
 * @param titleDoc the spec's title, for Javadoc
 * @param specLine the line of the {@code spec} declaration
 * @param layout one line per block of the packed state, for the class Javadoc
 * @param members the class body: constants, constructor, Model methods, steps, helpers, accessors
 */
public record ModelView(
        String sourceComment,
        String sourceDoc,
        String packageName,
        String className,
        String specNameDoc,
        String titleDoc,
        int specLine,
        List<String> layout,
        List<String> members) {
    public ModelView {
        layout = List.copyOf(layout);
        members = List.copyOf(members);
    }
}
