package dev.mmspec.generator.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The code writer's imports step: a generated file's imports as palantir-java-format orders them (the static ones
 * first, then the others, each group sorted, a blank line between), without duplicates and without the ones the file
 * does not use. Templates may therefore list imports in any order and import for every variant of a file.
 */
final class Imports {
    private Imports() {}

    /** @return {@code text} (a whole file) with its block of imports ordered and pruned as above */
    static String file(String text) {
        List<String> lines = List.of(text.split("\n", -1));
        int first = -1;
        int last = -1;
        for (int k = 0; k < lines.size(); k++) {
            String line = lines.get(k);
            if (line.startsWith("import ")) {
                first = first < 0 ? k : first;
                last = k;
            } else if (first >= 0 && !line.isBlank()) {
                break;
            }
        }
        if (first < 0) {
            return text;
        }
        String rest = String.join("\n", lines.subList(last + 1, lines.size()));
        TreeSet<String> statics = new TreeSet<>();
        TreeSet<String> others = new TreeSet<>();
        for (String line : lines.subList(first, last + 1)) {
            if (line.isBlank()) {
                continue;
            }
            String name = line.substring("import ".length(), line.length() - 1).strip();
            boolean isStatic = name.startsWith("static ");
            name = isStatic ? name.substring("static ".length()).strip() : name;
            if (used(name.substring(name.lastIndexOf('.') + 1), rest)) {
                (isStatic ? statics : others).add(name);
            }
        }
        List<String> block = new ArrayList<>();
        statics.forEach(n -> block.add("import static " + n + ";"));
        if (!statics.isEmpty() && !others.isEmpty()) {
            block.add("");
        }
        others.forEach(n -> block.add("import " + n + ";"));
        List<String> out = new ArrayList<>(lines.subList(0, first));
        if (block.isEmpty()) {
            // No import left: the blank line that separated them from the package goes too.
            while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
                out.remove(out.size() - 1);
            }
        } else {
            out.addAll(block);
        }
        out.addAll(lines.subList(last + 1, lines.size()));
        return String.join("\n", out);
    }

    /** @return whether the simple name occurs in {@code code} as a name of its own (not after a dot) */
    private static boolean used(String simpleName, String code) {
        return Pattern.compile("(?<![\\w.$])" + Pattern.quote(simpleName) + "(?![\\w$])")
                .matcher(code)
                .find();
    }
}
