package dev.mmspec.engine.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The settings a failing test reads ({@code mmspec.html}, {@code mmspec.traceDir}): a system property first ({@code -D}
 * on the {@code mvn} command line, or Surefire's {@code systemPropertyVariables}), then what the mmspec Maven plugin's
 * configuration ({@code <html>}, {@code <traceDirectory>}) wrote for this build into {@value #RESOURCE} on the test
 * class path, then mmspec's own default. The plugin cannot reach the test JVM's system properties, and a setting in the
 * pom that the tests silently ignored would be worse than none.
 */
public final class BuildSettings {
    /** Written by {@code mmspec:generate}; its keys are the system properties' names. */
    public static final String RESOURCE = "META-INF/mmspec/build.properties";

    private BuildSettings() {}

    /** @return the setting {@code key} as the test's class path and system properties give it, or {@code fallback} */
    public static String get(String key, String fallback) {
        String property = System.getProperty(key);
        if (property != null) {
            return property;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = BuildSettings.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return fallback;
            }
            Properties written = new Properties();
            written.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return written.getProperty(key, fallback);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read " + RESOURCE + " from the test class path: " + e.getMessage(), e);
        }
    }
}
