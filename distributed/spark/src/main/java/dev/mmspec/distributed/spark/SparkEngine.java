package dev.mmspec.distributed.spark;

import dev.mmspec.cli.SearchEngine;
import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.ExplorationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code --engine spark}: the explorer and the property campaigns on an Apache Spark cluster (or {@code local[N]}),
 * registered for {@link java.util.ServiceLoader}. One Spark context per command line run, opened by the first job and
 * closed with the engine: Spark allows one per JVM, and a context costs seconds to start.
 */
public final class SparkEngine implements SearchEngine {
    private JavaSparkContext spark;
    private String master;

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public ExplorationResult explore(Job job) throws EngineException {
        JavaSparkContext context = context(job.master());
        int partitions = job.partitions() > 0 ? job.partitions() : context.defaultParallelism();
        boolean temporary = job.checkpoint() == null;
        String checkpoint = temporary ? temporaryDirectory() : LevelFiles.normalise(job.checkpoint());
        try {
            return new SparkExplorer(context).explore(job, checkpoint, partitions);
        } catch (UncheckedIOException e) {
            throw new EngineException(
                    "checkpoint " + checkpoint + ": " + e.getMessage()
                            + " (give --checkpoint a directory every executor can write: a shared or HDFS path on a "
                            + "cluster)",
                    e);
        } finally {
            if (temporary) {
                new LevelFiles(checkpoint, "check").deleteAll();
            }
        }
    }

    @Override
    public CampaignSummary campaign(Job job, CampaignRange range) throws EngineException {
        return new SparkCampaign(context(job.master())).run(job, range);
    }

    @Override
    public void close() {
        if (spark != null) {
            spark.close();
            spark = null;
        }
    }

    private JavaSparkContext context(String wanted) throws EngineException {
        if (spark != null) {
            if (!spark.master().equals(wanted) && wanted != null) {
                throw new EngineException("--master " + wanted + ": this run already uses " + master);
            }
            return spark;
        }
        SparkConf conf = new SparkConf(true).setAppName("mmspec");
        if (wanted != null) {
            conf.setMaster(wanted);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        // The web UI takes a port and half a second; a search reports its own progress.
        conf.setIfMissing("spark.ui.enabled", "false");
        // Tasks read their level from the checkpoint directory, not from a cached block: no locality to wait for.
        conf.setIfMissing("spark.locality.wait", "0");
        boolean local = conf.get("spark.master").startsWith("local");
        if (local) {
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
        } else if (!conf.contains("spark.jars")) {
            shipOwnCode(conf);
        }
        try {
            spark = new JavaSparkContext(conf);
        } catch (Exception e) {
            // Not only RuntimeException: Spark's Scala code throws SparkException (a master URL it cannot parse),
            // a checked exception that no Java signature declares.
            throw new EngineException(
                    "--master " + conf.get("spark.master") + ": Spark cannot start (" + rootMessage(e)
                            + "); a master URL is local[N], spark://HOST:PORT or k8s://https://HOST:PORT",
                    e);
        }
        master = spark.master();
        return spark;
    }

    /**
     * Started without spark-submit against a cluster: the executors need this engine's classes and the model
     * contract's, so their jars go to the cluster. Classes from a build directory (tests, a cluster of local processes)
     * are not a jar: then the executors, on this machine, get this JVM's class path.
     */
    private static void shipOwnCode(SparkConf conf) {
        Set<String> jars = new LinkedHashSet<>();
        boolean directories = false;
        for (Class<?> c : new Class<?>[] {SparkEngine.class, Model.class, SearchEngine.class}) {
            try {
                Path location = Path.of(
                        c.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isDirectory(location)) {
                    directories = true;
                } else {
                    jars.add(location.toString());
                }
            } catch (URISyntaxException | NullPointerException e) {
                directories = true;
            }
        }
        if (directories) {
            conf.setIfMissing("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        } else {
            conf.set("spark.jars", String.join(",", jars));
        }
    }

    private static String temporaryDirectory() {
        try {
            return Files.createTempDirectory("mmspec-spark-").toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary checkpoint directory", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof SparkException)) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
