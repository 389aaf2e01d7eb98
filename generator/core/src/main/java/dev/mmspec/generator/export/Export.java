package dev.mmspec.generator.export;

import dev.mmspec.generator.ir.Spec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The files an export writes for one spec, by file name, in the order they are listed. */
public final class Export {
    public enum Language {
        TLA,
        PROMELA
    }

    private Export() {}

    /**
     * @return {@code <spec>.tla} and {@code <spec>.cfg} (every fix on), or {@code <spec>.pml}
     * @throws ExportException for a construct the translation cannot carry over faithfully
     */
    public static Map<String, String> files(Spec spec, Language language) {
        Map<String, String> files = new LinkedHashMap<>();
        if (language == Language.TLA) {
            TlaExporter tla = new TlaExporter(spec);
            files.put(tla.moduleName() + ".tla", tla.module());
            files.put(tla.moduleName() + ".cfg", tla.config(Set.of()));
        } else {
            PromelaExporter pml = new PromelaExporter(spec);
            files.put(spec.name() + ".pml", pml.model());
        }
        return files;
    }
}
