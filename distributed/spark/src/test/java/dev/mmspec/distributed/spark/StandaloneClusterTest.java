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
 * A Spark standalone cluster of separate local processes (a master and two workers, started from
 * Spark's own main classes) runs a spec, and finds what the local explorer finds. About a minute
 * with the JVMs it starts, so only in {@code -Pspark-cluster}.
 */
@Tag("spark-cluster")
class StandaloneClusterTest {
    private final List<Process> started = new ArrayList<>();

    @Test
    void aMasterAndTwoWorkersFindTheSameCounterexampleAsTheLocalExplorer(@TempDir Path home) throws Exception {
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        Path logs = Files.createDirectories(home.resolve("logs"));
        try {
            start(home, logs.resolve("master.log"), "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort()));
            awaitListening(port, logs.resolve("master.log"));
            for (int w = 0; w < 2; w++) {
                start(home, logs.resolve("worker-" + w + ".log"), "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--cores", "1", "--memory", "600m", "--webui-port", Integer.toString(freePort()),
                        "--work-dir", home.resolve("work-" + w).toString(), master);
            }
            Specs.Case run = Specs.one("spec/migration/vma_adjust.mmspec", "migration_rmap_lock");
            ExplorationResult local = new Explorer(run.model(), ExplorerConfig.defaults().withWorkers(1)).explore();
            System.setProperty("spark.driver.host", "127.0.0.1");
            System.setProperty("spark.executor.memory", "512m");
            try (SparkEngine engine = new SparkEngine()) {
                SearchEngine.Job job = new SearchEngine.Job(run.classes().className(), run.classes().classes(), run.model().fixesOff(),
                        master, 2, home.resolve("checkpoint").toString(), false, true, Long.MAX_VALUE, 0, line -> {});
                ExplorationResult cluster = engine.explore(job);
                SparkExplorerTest.assertSame(local, cluster, run);
                assertTrue(Files.readString(logs.resolve("worker-0.log")).contains("Successfully registered with master")
                        && Files.readString(logs.resolve("worker-1.log")).contains("Successfully registered with master"),
                        "both workers joined the master");
            } finally {
                System.clearProperty("spark.driver.host");
                System.clearProperty("spark.executor.memory");
            }
        } finally {
            for (Process p : started) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
        assertEquals(3, started.size());
    }

    /**
     * Starts one of Spark's daemons with this JVM's class path. A worker builds its executors' class
     * path from {@code SPARK_HOME/jars}: here a directory of links to the jars of this class path.
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
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(System.getProperty("spark.jvm.opens", "").split(" ")).stream().filter(s -> !s.isBlank()).toList());
        command.add(mainClass);
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
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
