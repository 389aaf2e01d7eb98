package dev.mmspec.runtime.vma;

import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.rmap.AnonVma;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A virtual memory area: pages {@code [start, end)} of one mm, at file page {@code pgoff} (for an anonymous VMA, the
 * linear page index the anon rmap uses). Geometry changes need the mmap_lock for write and, because rmap walks compute
 * addresses from it, the rmap lock for write (see {@code Mmap.vmaAdjust}).
 */
public final class Vma {
    public static final int VM_READ = 0x1;
    public static final int VM_WRITE = 0x2;
    public static final int VM_SHARED = 0x8;
    public static final int VM_MAYWRITE = 0x20;
    /** A stack: a fault just below it grows it downward (expand_downwards). */
    public static final int VM_GROWSDOWN = 0x100;

    private final Mm mm;
    private final AddressSpace file;
    private volatile long start;
    private volatile long end;
    private volatile long pgoff;
    private volatile int flags;
    private volatile AnonVma anonVma;
    /** The anon_vma_chain's same_vma list: every anon_vma whose interval tree holds this VMA, newest first. */
    private final List<AnonVma> anonVmaChain = new CopyOnWriteArrayList<>();

    public Vma(Mm mm, long start, long end, long pgoff, int flags, AddressSpace file) {
        if (end <= start) {
            throw new IllegalArgumentException("empty vma [" + start + ", " + end + ")");
        }
        this.mm = mm;
        this.start = start;
        this.end = end;
        this.pgoff = pgoff;
        this.flags = flags;
        this.file = file;
    }

    public Mm mm() {
        return mm;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public long pgoff() {
        return pgoff;
    }

    public int flags() {
        return flags;
    }

    /** @return the file mapped, or null for an anonymous VMA. */
    public AddressSpace file() {
        return file;
    }

    public AnonVma anonVma() {
        return anonVma;
    }

    public void setAnonVma(AnonVma anonVma) {
        this.anonVma = anonVma;
    }

    /** @return the anon_vmas this VMA is chained to, newest first (its own, then its ancestors'). */
    public List<AnonVma> anonVmaChain() {
        return List.copyOf(anonVmaChain);
    }

    /** list_add(&avc->same_vma, &vma->anon_vma_chain). Context: the anon_vma's rwsem held for write (Rmap). */
    public void chainAdd(AnonVma anonVma) {
        anonVma.rwsem().assertHeldWrite("anon_vma_chain_link", this);
        anonVmaChain.add(0, anonVma);
    }

    /** list_del(&avc->same_vma) of every link. Context: mmap_lock held for write (unlink_anon_vmas). */
    public void chainClear() {
        mm.mmapLock().assertHeldWrite("unlink_anon_vmas", this);
        anonVmaChain.clear();
    }

    public void setStart(long start) {
        this.start = start;
    }

    public void setEnd(long end) {
        this.end = end;
    }

    public void setPgoff(long pgoff) {
        this.pgoff = pgoff;
    }

    public void setFlags(int flags) {
        this.flags = flags;
    }

    public boolean contains(long address) {
        return address >= start && address < end;
    }

    public boolean writable() {
        return (flags & VM_WRITE) != 0;
    }

    public boolean shared() {
        return (flags & VM_SHARED) != 0;
    }

    public boolean mayWrite() {
        return (flags & VM_MAYWRITE) != 0;
    }

    public boolean growsDown() {
        return (flags & VM_GROWSDOWN) != 0;
    }

    public boolean isAnonymous() {
        return file == null;
    }

    /** is_cow_mapping(): private and may become writable. */
    public boolean isCowMapping() {
        return (flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
    }

    /** vma_needs_dirty_tracking(): a shared writable file mapping whose filesystem wants write notification. */
    public boolean dirtyTracked() {
        return file != null && shared() && mayWrite() && file.dirtyTracked();
    }

    /** linear_page_index(): the page index (file page, or anon linear index) of {@code address}. */
    public long linearIndex(long address) {
        return pgoff + (address - start);
    }

    /**
     * vma_address(): where page {@code index} is mapped in this VMA, or -1 (the kernel's -EFAULT) when it falls
     * outside. Reads start and pgoff separately, as the kernel does, which is why they must not change under a walker.
     */
    public long addressOf(long index) {
        long s = start;
        long address = s + (index - pgoff);
        return address >= s && address < end ? address : -1;
    }

    @Override
    public String toString() {
        return "vma[" + start + ", " + end + ") pgoff " + pgoff + " " + (writable() ? "rw" : "r-")
                + (shared() ? "s" : "p") + (file != null ? " file " + file : " anon");
    }
}
