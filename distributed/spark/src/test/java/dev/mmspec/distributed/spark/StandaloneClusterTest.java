package dev.mmspec.distributed.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.cli.SearchEngine;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark standalone cluster of separate local processes (a master and two workers, started from Spark's own main
 * classes) runs a spec, and finds what the local explorer finds, also when one of its executors is killed in the
 * middle. About a minute each with the JVMs it starts, so only in {@code -Pspark-cluster}.
 */
@Tag("spark-cluster")
class StandaloneClusterTest {
    private final List<Process> started = new ArrayList<>();

    @Test
    void aMasterAndTwoWorkersFindTheSameCounterexampleAsTheLocalExplorer(@TempDir Path home) throws Exception {
        Specs.Case run = Specs.one("spec/migration/vma_adjust.mmspec", "migration_rmap_lock");
        ExplorationResult local =
                new Explorer(run.model(), ExplorerConfig.defaults().withWorkers(1)).explore();
        try {
            String master = startCluster(home);
            ExplorationResult cluster = exploreOn(master, home, run, line -> {});
            SparkExplorerTest.assertSame(local, cluster, run);
            // A worker runs each executor it launches in a directory of the application's under its work directory.
            for (int w = 0; w < 2; w++) {
                assertTrue(ranAnExecutor(home, w), "worker " + w + " ran an executor");
            }
        } finally {
            stopCluster();
        }
        assertEquals(3, started.size());
    }

    /**
     * An executor killed in the middle of a search (its process and its worker's, as when a machine goes): Spark runs
     * the lost tasks again on the other executor, each level's map tasks read their part of the level from the
     * checkpoint, and the search ends with the same counts and counterexample as the local explorer's.
     */
    @Test
    void aSearchOutlivesAnExecutorKilledInTheMiddleOfIt(@TempDir Path home) throws Exception {
        Specs.Case run = Specs.one("spec/migration/vma_adjust.mmspec", "migration_rmap_lock");
        ExplorationResult local =
                new Explorer(run.model(), ExplorerConfig.defaults().withWorkers(1)).explore();
        List<String> killed = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean sent = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            String master = startCluster(home);
            Process worker = started.get(2);
            ExplorationResult cluster = exploreOn(master, home, run, line -> {
                // After the second level is written, while the third one runs: the worker's executor, then the worker.
                if (line.startsWith("check level 2:") && sent.compareAndSet(false, true)) {
                    Thread killer = new Thread(() -> {
                        sleep(150);
                        worker.toHandle().descendants().forEach(p -> {
                            killed.add("pid " + p.pid());
                            p.destroyForcibly();
                        });
                        worker.destroyForcibly();
                    });
                    killer.start();
                }
            });
            assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "the worker was killed");
            // A worker's only child processes are the executors it launched (its command line can be cut, so not read).
            assertTrue(!killed.isEmpty(), "an executor was killed");
            SparkExplorerTest.assertSame(local, cluster, run);
        } finally {
            stopCluster();
        }
    }

    /** Starts a master and two workers of one core each. @return the master's URL */
    private String startCluster(Path home) throws Exception {
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        Path logs = Files.createDirectories(home.resolve("logs"));
        start(
                home,
                logs.resolve("master.log"),
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--webui-port",
                Integer.toString(freePort()));
        awaitListening(port, logs.resolve("master.log"));
        for (int w = 0; w < 2; w++) {
            start(
                    home,
                    logs.resolve("worker-" + w + ".log"),
                    "org.apache.spark.deploy.worker.Worker",
                    "--host",
                    "127.0.0.1",
                    "--cores",
                    "1",
                    "--memory",
                    "600m",
                    "--webui-port",
                    Integer.toString(freePort()),
                    "--work-dir",
                    home.resolve("work-" + w).toString(),
                    master);
        }
        return master;
    }

    private static ExplorationResult exploreOn(
            String master, Path home, Specs.Case run, java.util.function.Consumer<String> log) throws Exception {
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.executor.memory", "512m");
        try (SparkEngine engine = new SparkEngine()) {
            SearchEngine.Job job = new SearchEngine.Job(
                    run.classes().className(),
                    run.classes().classes(),
                    run.model().fixesOff(),
                    master,
                    2,
                    home.resolve("checkpoint").toString(),
                    false,
                    true,
                    Long.MAX_VALUE,
                    0,
                    log);
            return engine.explore(job);
        } finally {
            System.clearProperty("spark.driver.host");
            System.clearProperty("spark.executor.memory");
        }
    }

    private static boolean ranAnExecutor(Path home, int worker) throws IOException {
        try (var apps = Files.list(home.resolve("work-" + worker))) {
            return apps.anyMatch(p -> p.getFileName().toString().startsWith("app-"));
        }
    }

    private void stopCluster() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts one of Spark's daemons with this JVM's class path. A worker builds its executors' class path from
     * {@code SPARK_HOME/jars}: here a directory of links to the jars of this class path.
     */
    private void start(Path home, Path log, String mainClass, String... arguments) throws IOException {
        Path jars = home.resolve("spark-home/jars");
        if (!Files.isDirectory(jars)) {
            Files.createDirectories(jars);
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path jar = Path.of(entry);
                if (entry.endsWith(".jar") && Files.notExists(jars.resolve(jar.getFileName()))) {
                    Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
                }
            }
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path")));
        command.addAll(List.of(System.getProperty("spark.jvm.opens", "").split(" ")).stream()
                .filter(s -> !s.isBlank())
                .toList());
        command.add(mainClass);
        command.addAll(List.of(arguments));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SPARK_HOME", home.resolve("spark-home").toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        started.add(builder.start());
    }

    private static void awaitListening(int port, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the master did not listen on " + port + " within 60 s:\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
