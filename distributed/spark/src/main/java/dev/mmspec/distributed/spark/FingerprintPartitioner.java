package dev.mmspec.distributed.spark;

import dev.mmspec.engine.explore.Fingerprint;
import org.apache.spark.Partitioner;

/**
 * Sends a batch of successors to the partition that owns them: its key is that partition, which the map side computed
 * per successor by the hash the in-JVM partitioned explorer uses ({@link Fingerprint#partition}), so partition i of a
 * Spark job holds what worker i would own with as many workers.
 */
final class FingerprintPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int parts;

    FingerprintPartitioner(int parts) {
        this.parts = parts;
    }

    @Override
    public int numPartitions() {
        return parts;
    }

    @Override
    public int getPartition(Object key) {
        return (Integer) key;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FingerprintPartitioner p && p.parts == parts;
    }

    @Override
    public int hashCode() {
        return parts;
    }
}
