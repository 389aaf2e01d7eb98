package dev.mmspec.distributed.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The checkpoint directory of one search: each level's part of every partition, written by the task that built it, and
 * a marker the driver writes once the whole level is written. Any Hadoop file system (a local path with
 * {@code local[N]} or one machine, HDFS, S3 on a cluster).
 *
 * <pre>
 *   DIR/job.properties                           what was searched: refuse to resume another job
 *   DIR/PHASE/level-00007/part-00003.frontier    states of depth 7 owned by partition 3, with how they were reached
 *   DIR/PHASE/level-00007/part-00003.visited     fingerprints of depth 0..7 owned by partition 3, sorted
 *   DIR/PHASE/level-00007/part-00003.parents     witness search: fingerprint, parent, action per state, sorted
 *   DIR/PHASE/level-00007/_COMPLETE              the level's totals; a level without it is redone
 * </pre>
 *
 * <p>A part is written under a temporary name and renamed, so a task killed or retried half-way leaves no half-written
 * part behind. Levels before the last complete one keep only their parents (what the counterexample is rebuilt from).
 */
final class LevelFiles implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String root;
    private final String phase;
    /** Hadoop's configuration, read once per JVM that uses these files: reading it is tens of milliseconds. */
    private transient Configuration hadoop;

    LevelFiles(String root, String phase) {
        this.root = root;
        this.phase = phase;
    }

    LevelFiles phase(String name) {
        return new LevelFiles(root, name);
    }

    String root() {
        return root;
    }

    /** @return which search these are the levels of: {@code check} or {@code witness} */
    String phase() {
        return phase;
    }

    private Path level(int depth) {
        return new Path(new Path(root, phase), String.format("level-%05d", depth));
    }

    private Path part(int depth, int partition, String kind) {
        return new Path(level(depth), String.format("part-%05d.%s", partition, kind));
    }

    private FileSystem fs(Path path) {
        if (hadoop == null) {
            hadoop = new Configuration();
            // Local parts without Hadoop's .crc side files: half the file operations per part. A part
            // is read back whole by its length prefix, and a cut-off one fails the read.
            hadoop.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
            hadoop.setBoolean("fs.file.impl.disable.cache", true);
        }
        try {
            return path.getFileSystem(hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the checkpoint file system of " + path, e);
        }
    }

    /** The states of a partition's level: {@code [switches, last action, state words...]} each. */
    void writeFrontier(int depth, int partition, List<long[]> records) {
        write(part(depth, partition, "frontier"), out -> {
            out.writeLong(records.size());
            for (long[] r : records) {
                out.writeInt(r.length);
                for (long w : r) {
                    out.writeLong(w);
                }
            }
        });
    }

    List<long[]> readFrontier(int depth, int partition) {
        return read(part(depth, partition, "frontier"), in -> {
            long n = in.readLong();
            List<long[]> records = new ArrayList<>((int) Math.min(n, 1 << 20));
            for (long i = 0; i < n; i++) {
                long[] r = new long[in.readInt()];
                for (int w = 0; w < r.length; w++) {
                    r[w] = in.readLong();
                }
                records.add(r);
            }
            return records;
        });
    }

    void writeLongs(int depth, int partition, String kind, long[] values) {
        write(part(depth, partition, kind), out -> {
            out.writeInt(values.length);
            for (long v : values) {
                out.writeLong(v);
            }
        });
    }

    long[] readLongs(int depth, int partition, String kind) {
        return read(part(depth, partition, kind), in -> {
            long[] values = new long[in.readInt()];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readLong();
            }
            return values;
        });
    }

    /** Marks {@code depth} complete with its totals: what a resumed search starts from. */
    void complete(int depth, Properties totals) {
        write(new Path(level(depth), "_COMPLETE"), out -> out.write(text(totals).getBytes(StandardCharsets.UTF_8)));
    }

    /** @return the deepest complete level of this phase, if any */
    OptionalInt lastComplete() {
        Path dir = new Path(root, phase);
        FileSystem fs = fs(dir);
        try {
            if (!fs.exists(dir)) {
                return OptionalInt.empty();
            }
            int best = -1;
            for (FileStatus s : fs.listStatus(dir)) {
                String name = s.getPath().getName();
                if (name.startsWith("level-") && fs.exists(new Path(s.getPath(), "_COMPLETE"))) {
                    best = Math.max(best, Integer.parseInt(name.substring("level-".length())));
                }
            }
            return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    Properties totals(int depth) {
        return properties(new Path(level(depth), "_COMPLETE"));
    }

    /** Drops what a complete later level makes useless: a level's frontier and visited parts. */
    void dropStates(int depth, int partitions) {
        for (int p = 0; p < partitions; p++) {
            delete(part(depth, p, "frontier"));
            delete(part(depth, p, "visited"));
        }
    }

    /** Removes a level that was never completed, and every level after it. */
    void dropFrom(int depth) {
        Path dir = new Path(root, phase);
        FileSystem fs = fs(dir);
        try {
            if (fs.exists(dir)) {
                for (FileStatus s : fs.listStatus(dir)) {
                    String name = s.getPath().getName();
                    if (name.startsWith("level-") && Integer.parseInt(name.substring("level-".length())) >= depth) {
                        fs.delete(s.getPath(), true);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }

    Properties job() {
        Path file = new Path(root, "job.properties");
        try {
            return fs(file).exists(file) ? properties(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    void writeJob(Properties job) {
        write(new Path(root, "job.properties"), out -> out.write(text(job).getBytes(StandardCharsets.UTF_8)));
    }

    /** Deletes the whole directory (a temporary checkpoint, once the search is over). */
    void deleteAll() {
        delete(new Path(root));
    }

    private void delete(Path path) {
        try {
            fs(path).delete(path, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private void write(Path path, Writer writer) {
        FileSystem fs = fs(path);
        Path temporary = new Path(path.getParent(), "." + path.getName() + ".tmp");
        try {
            try (OutputStream raw = fs.create(temporary, true);
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
                writer.write(out);
            }
            fs.delete(path, false);
            if (!fs.rename(temporary, path)) {
                throw new IOException("rename of " + temporary + " refused");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint part " + path, e);
        }
    }

    private <T> T read(Path path, Reader<T> reader) {
        try (InputStream raw = fs(path).open(path);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint part " + path, e);
        }
    }

    private Properties properties(Path path) {
        return read(path, in -> {
            Properties p = new Properties();
            p.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            return p;
        });
    }

    private static String text(Properties p) {
        StringWriter w = new StringWriter();
        try {
            p.store(w, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static String normalise(String directory) {
        URI uri = URI.create(directory.replace('\\', '/'));
        return uri.getScheme() == null
                ? new java.io.File(directory).getAbsoluteFile().toURI().toString()
                : directory;
    }
}
