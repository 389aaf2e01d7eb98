package dev.mmspec.engine.explore;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One BFS level of packed states, in flat {@code long[]} chunks: no object per state, and a chunk is the unit workers
 * claim. The explorer holds two of these, the level being expanded and the level being built. Chunk order carries no
 * meaning, so a level can be split by {@link Fingerprint#partition}, written out with {@link #writeTo} and read back
 * with {@link #readFrom} on another machine.
 */
public final class StateQueue {
    private static final int MAGIC = 0x6D6D5351; // "mmSQ"

    private final int words;
    private final int chunkStates;
    private final List<Chunk> chunks = new ArrayList<>();

    /** A full or partly filled chunk: {@code count} states of {@code words} longs each. */
    static final class Chunk {
        final long[] data;
        int count;

        Chunk(long[] data) {
            this.data = data;
        }
    }

    public StateQueue(int words, int chunkStates) {
        if (words <= 0 || chunkStates <= 0) {
            throw new IllegalArgumentException("words and chunkStates must be > 0: " + words + ", " + chunkStates);
        }
        this.words = words;
        this.chunkStates = chunkStates;
    }

    public int words() {
        return words;
    }

    int chunkStates() {
        return chunkStates;
    }

    long chunkBytes() {
        return (long) words * chunkStates * Long.BYTES + 32;
    }

    /** Adds a chunk (filled by an {@link Appender}); thread-safe. */
    synchronized void publish(Chunk chunk) {
        if (chunk.count > 0) {
            chunks.add(chunk);
        }
    }

    /** Adds this queue's chunks (those not released) to {@code whole}, which then shares them. */
    synchronized void appendTo(StateQueue whole) {
        for (Chunk chunk : chunks) {
            if (chunk != null) {
                whole.publish(chunk);
            }
        }
    }

    /** @return a queue of the same states in copies of this one's chunks (those not released) */
    synchronized StateQueue copy() {
        StateQueue copy = new StateQueue(words, chunkStates);
        for (Chunk chunk : chunks) {
            if (chunk != null) {
                Chunk same = new Chunk(chunk.data.clone());
                same.count = chunk.count;
                copy.chunks.add(same);
            }
        }
        return copy;
    }

    synchronized int chunkCount() {
        return chunks.size();
    }

    synchronized Chunk chunk(int index) {
        return chunks.get(index);
    }

    /** Drops a chunk once expanded, so that its memory goes back to the budget. */
    synchronized void release(int index) {
        chunks.set(index, null);
    }

    /** @return the states held (dropped chunks excluded). */
    public synchronized long size() {
        long size = 0;
        for (Chunk chunk : chunks) {
            size += chunk == null ? 0 : chunk.count;
        }
        return size;
    }

    /** Adds one state (single-threaded use: tests, reading back). */
    public void add(long[] state) {
        Chunk last;
        synchronized (this) {
            last = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
            if (last == null || last.count == chunkStates) {
                last = new Chunk(new long[words * chunkStates]);
                chunks.add(last);
            }
        }
        System.arraycopy(state, 0, last.data, last.count * words, words);
        last.count++;
    }

    /** Copies state {@code index} of the queue (in chunk order) into {@code out}; for tests and tools. */
    public synchronized void get(long index, long[] out) {
        for (Chunk chunk : chunks) {
            if (chunk != null && index < chunk.count) {
                System.arraycopy(chunk.data, (int) index * words, out, 0, words);
                return;
            }
            index -= chunk == null ? 0 : chunk.count;
        }
        throw new IndexOutOfBoundsException("state " + index + " of " + size());
    }

    /** Writes the queue: a header (magic, words, count) then every state's words. */
    public synchronized void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(words);
        out.writeLong(size());
        for (Chunk chunk : chunks) {
            if (chunk == null) {
                continue;
            }
            for (int i = 0; i < chunk.count * words; i++) {
                out.writeLong(chunk.data[i]);
            }
        }
    }

    /** Reads what {@link #writeTo} wrote. */
    public static StateQueue readFrom(DataInputStream in, int chunkStates) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not an mmspec state queue (bad magic number)");
        }
        int words = in.readInt();
        long count = in.readLong();
        if (words <= 0 || count < 0) {
            throw new IOException("corrupt state queue header: " + words + " words, " + count + " states");
        }
        StateQueue queue = new StateQueue(words, chunkStates);
        long[] state = new long[words];
        for (long n = 0; n < count; n++) {
            for (int w = 0; w < words; w++) {
                state[w] = in.readLong();
            }
            queue.add(state);
        }
        return queue;
    }

    /**
     * A worker's private writing end: fills one chunk, publishes it when full. Reserves each chunk's bytes from the
     * budget first and reports failure instead of allocating past it.
     */
    static final class Appender {
        private final StateQueue queue;
        private final MemoryBudget budget;
        private Chunk current;

        Appender(StateQueue queue, MemoryBudget budget) {
            this.queue = queue;
            this.budget = budget;
        }

        /** @return false if the memory budget does not allow another chunk (the state was not added). */
        boolean add(long[] state) {
            if (current == null || current.count == queue.chunkStates) {
                if (current != null) {
                    queue.publish(current);
                    current = null;
                }
                if (!budget.tryReserve(queue.chunkBytes())) {
                    return false;
                }
                current = new Chunk(new long[queue.words * queue.chunkStates]);
            }
            System.arraycopy(state, 0, current.data, current.count * queue.words, queue.words);
            current.count++;
            return true;
        }

        /** Publishes the partly filled chunk. */
        void flush() {
            if (current != null) {
                queue.publish(current);
                current = null;
            }
        }
    }
}
