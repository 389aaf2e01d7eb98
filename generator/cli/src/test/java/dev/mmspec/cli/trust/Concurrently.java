package dev.mmspec.cli.trust;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Oracle comparisons of several spec files at once, each still reported as a test of its own. A comparison mostly waits
 * for processes (TLC's JVM, gcc on SPIN's verifier) and javac, so two at a time keep both cores of a small machine busy
 * where one left one idle. A file with limits of its own that make it big ({@link Limits#big()}: a bench spec) makes
 * the whole batch one at a time. Registered as a test class's extension ({@code @RegisterExtension}), it stops what is
 * still running after each test factory.
 */
final class Concurrently implements AfterEachCallback {
    /** One file's check: its assertions, thrown from here. */
    interface Check {
        void run(Path file) throws Exception;
    }

    private final List<ExecutorService> pools = new ArrayList<>();

    /** @return one test per file, each waiting for its check, which all start now */
    Stream<DynamicTest> tests(List<Path> files, Check check) {
        boolean big = files.stream().anyMatch(f -> Limits.of(name(f)).big());
        ExecutorService pool = Executors.newFixedThreadPool(big ? 1 : Oracle.jobs());
        pools.add(pool);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            Future<?> run = pool.submit(() -> {
                check.run(f);
                return null;
            });
            tests.add(DynamicTest.dynamicTest(f.toString(), f.toUri(), () -> await(run)));
        }
        return tests.stream();
    }

    /** @return the spec's name as the oracle knows it: the file's name without {@code .mmspec} */
    static String name(Path file) {
        return file.getFileName().toString().replace(".mmspec", "");
    }

    private static void await(Future<?> run) throws Throwable {
        try {
            run.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    /** Stops what is still running (a test that failed early leaves the others' processes to be ended). */
    @Override
    public void afterEach(ExtensionContext context) {
        pools.forEach(ExecutorService::shutdownNow);
        pools.clear();
    }
}
