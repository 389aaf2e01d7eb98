package dev.mmspec.cli;

import java.util.ServiceLoader;

/** {@code --engine}: the local explorer, or a {@link SearchEngine} found on the class path. */
final class Engines {
    static final String LOCAL = "local";

    private Engines() {}

    /**
     * @return the engine called {@code name}
     * @throws UsageError (exit 2) if no jar on the class path provides it, saying how to get one
     */
    static SearchEngine find(String name) {
        for (SearchEngine engine : ServiceLoader.load(SearchEngine.class)) {
            if (engine.name().equals(name)) {
                return engine;
            }
        }
        String how = name.equals("spark")
                ? "the Spark engine is a module of its own (distributed/spark) so that this jar does not carry Spark: "
                        + "build it"
                        + " with 'mvn -B -DskipTests install -pl distributed/spark -am' and run bin/mmspec, which puts"
                        + " distributed/spark/target/mmspec-spark-0.1.0-SNAPSHOT.jar and the jars listed in"
                        + " distributed/spark/target/spark-classpath.txt on the class path when --engine spark is given"
                        + " (or run under spark-submit; see the README)"
                : "engines: " + LOCAL + (name.equals(LOCAL) ? "" : ", spark (with its jar on the class path)");
        throw new UsageError("--engine " + name + ": no such engine on the class path; " + how);
    }
}
