package dev.mmspec.engine.sut;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Collections;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.jar.JarFile;

/**
 * Finds a spec's binding factory through {@link ServiceLoader}. A missing binding used to skip the runtime suites
 * silently (a typo in the services file did the same, and the build was green), so a lookup that finds nothing fails
 * with what it looked for and the nearest services file on the class path. A spec without an implementation says so
 * instead: {@code binding: none} in the spec, or the plugin's {@code noBinding}; its runtime suites are then reported
 * as skipped, with that reason.
 */
public final class Bindings {
    private static final String SERVICES = "META-INF/services/";

    private Bindings() {}

    /** Thrown when a spec's runtime suites run and no binding for it is registered. */
    public static final class MissingBinding extends AssertionError {
        private static final long serialVersionUID = 1L;

        MissingBinding(String message) {
            super(message);
        }
    }

    /**
     * @return the first registered {@code factoryType} on the context class loader
     * @throws MissingBinding when none is registered or its services file names a class that cannot be loaded
     */
    public static <F> F load(Class<F> factoryType, String spec) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = factoryType.getClassLoader();
        }
        String file = SERVICES + factoryType.getName();
        Iterator<F> found = ServiceLoader.load(factoryType, loader).iterator();
        try {
            if (found.hasNext()) {
                return found.next();
            }
        } catch (ServiceConfigurationError e) {
            throw new MissingBinding("no binding for spec " + spec + ": " + file
                    + " is on the class path but does not name a" + " loadable implementation of "
                    + factoryType.getName() + " (" + e.getMessage() + ")" + "; " + HOW);
        }
        String near = nearest(factoryType.getName(), serviceFiles(loader));
        throw new MissingBinding(
                "no binding for spec " + spec + " (looked for an implementation of " + factoryType.getName()
                        + " in " + file + "; "
                        + (near.isEmpty()
                                ? "no services file on the class path is near that name"
                                : "did you mean " + SERVICES + near + "?")
                        + "); " + HOW);
    }

    private static final String HOW = "register your factory in that file (src/test/resources/" + SERVICES
            + "...), or declare 'binding: none' in the spec (or list it in the plugin's <noBinding>) to skip the "
            + "runtime suites";

    /** @return the names of the services files on {@code loader}'s class path, directories and jars. */
    static TreeSet<String> serviceFiles(ClassLoader loader) {
        TreeSet<String> names = new TreeSet<>();
        try {
            for (URL url : Collections.list(loader.getResources(SERVICES.substring(0, SERVICES.length() - 1)))) {
                if (url.getProtocol().equals("file")) {
                    String[] files = new File(url.toURI()).list();
                    if (files != null) {
                        names.addAll(java.util.List.of(files));
                    }
                } else if (url.getProtocol().equals("jar")) {
                    try (JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile()) {
                        jar.stream()
                                .map(e -> e.getName())
                                .filter(n -> n.startsWith(SERVICES) && n.length() > SERVICES.length())
                                .forEach(n -> names.add(n.substring(SERVICES.length())));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + SERVICES + " on the class path", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("a class path entry is not a file: " + e.getMessage(), e);
        }
        return names;
    }

    /**
     * @return the nearest candidate within a tenth of {@code name}'s length in edits (at least 2: a typo, not another
     *     spec), or "".
     */
    static String nearest(String name, Iterable<String> candidates) {
        String best = "";
        int bestEdits = Math.max(2, name.length() / 10) + 1;
        for (String candidate : candidates) {
            int edits = edits(name, candidate);
            if (edits < bestEdits && !candidate.equals(name)) {
                best = candidate;
                bestEdits = edits;
            }
        }
        return best;
    }

    /** Levenshtein distance (engine cannot reach the checker's "did you mean" in generator/core). */
    private static int edits(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                row[j] = Math.min(
                        Math.min(row[j - 1], above) + 1, diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.length()];
    }
}
