package dev.mmspec.runtime;

import dev.mmspec.contract.sched.SchedulingHooks;
import dev.mmspec.runtime.check.Invariants;
import dev.mmspec.runtime.fault.Fault;
import dev.mmspec.runtime.fault.UserAccess;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.filemap.FileIo;
import dev.mmspec.runtime.filemap.Filemap;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.folio.FolioAllocator;
import dev.mmspec.runtime.gup.Dma;
import dev.mmspec.runtime.gup.Gup;
import dev.mmspec.runtime.gup.GupCallers;
import dev.mmspec.runtime.ksm.Ksm;
import dev.mmspec.runtime.lock.LockEnv;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.lock.Lockdep;
import dev.mmspec.runtime.migrate.Migration;
import dev.mmspec.runtime.mm.Fork;
import dev.mmspec.runtime.mm.MadviseFree;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.mm.Mmap;
import dev.mmspec.runtime.mm.Mremap;
import dev.mmspec.runtime.reclaim.Reclaim;
import dev.mmspec.runtime.rmap.AnonVma;
import dev.mmspec.runtime.rmap.Rmap;
import dev.mmspec.runtime.swap.SwapCache;
import dev.mmspec.runtime.swap.SwapDevice;
import dev.mmspec.runtime.truncate.Truncate;
import dev.mmspec.runtime.writeback.Writeback;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One simulated machine: configuration (which fixes are on), scheduling hooks, the lock-event sink and lockdep, the
 * page allocator, the swap device, and the MM subsystems as services. Everything mutable hangs off one instance; tests
 * create one per try.
 */
public final class Kernel {
    private final KernelConfig config;
    private final LockEnv locks;
    private final FolioAllocator folios;
    private final SwapDevice swap;
    private final List<KernelBug> bugs = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicLong operations = new AtomicLong();
    private final List<Mm> mms = new CopyOnWriteArrayList<>();
    private final List<AddressSpace> files = new CopyOnWriteArrayList<>();

    private final Rmap rmap = new Rmap(this);
    private final SwapCache swapCache = new SwapCache(this);
    private final Filemap filemap = new Filemap(this);
    private final FileIo fileIo = new FileIo(this);
    private final Fault fault = new Fault(this);
    private final UserAccess user = new UserAccess(this);
    private final Gup gup = new Gup(this);
    private final Dma dma = new Dma(this);
    private final GupCallers gupCallers = new GupCallers(this);
    private final Mmap mmap = new Mmap(this);
    private final Fork fork = new Fork(this);
    private final MadviseFree madviseFree = new MadviseFree(this);
    private final Mremap mremap = new Mremap(this);
    private final Reclaim reclaim = new Reclaim(this);
    private final Migration migration = new Migration(this);
    private final Ksm ksm = new Ksm(this);
    private final Truncate truncate = new Truncate(this);
    private final Writeback writeback = new Writeback(this);

    public Kernel(KernelConfig config) {
        this(config, SchedulingHooks.NONE);
    }

    public Kernel(KernelConfig config, SchedulingHooks hooks) {
        this.config = Objects.requireNonNull(config, "config");
        this.locks = new LockEnv(hooks);
        this.folios = new FolioAllocator(locks, config.maxFolios(), bugs::add);
        this.swap = new SwapDevice(config.swapSlots());
    }

    public KernelConfig config() {
        return config;
    }

    /** @return whether {@code fix} is switched on. */
    public boolean fixed(Fix fix) {
        return config.enabled(fix);
    }

    /** @return whether the hand-written bug {@code injection} is switched on (tests only; see {@link Injection}). */
    public boolean injected(Injection injection) {
        return config.injected(injection);
    }

    public SchedulingHooks hooks() {
        return locks.hooks();
    }

    /** A scheduling point at the start of step {@code label} (see {@link Labels}). */
    public void point(String label) {
        locks.hooks().point(label);
    }

    /** Counts one user-visible operation, for stress reports. */
    public void countOperation() {
        operations.incrementAndGet();
    }

    public long operations() {
        return operations.get();
    }

    public LockEnv locks() {
        return locks;
    }

    public Lockdep lockdep() {
        return locks.lockdep();
    }

    /** Adds a lock-event listener; it runs on the thread that took or released the lock. */
    public void onLockEvent(Consumer<LockEvent> listener) {
        locks.addListener(listener);
    }

    public FolioAllocator folios() {
        return folios;
    }

    /** @return the live folios, by allocation serial. */
    public List<Folio> liveFolios() {
        return folios.live();
    }

    /** @return the shared zero page (ZERO_PAGE), mapped read-only by read faults on private anonymous memory. */
    public Folio zeroPage() {
        return folios.zeroPage();
    }

    public SwapDevice swap() {
        return swap;
    }

    // ---- processes and files

    /** @return a new, empty address space. */
    public Mm createMm() {
        Mm mm = new Mm(this, ids.incrementAndGet());
        mms.add(mm);
        return mm;
    }

    /** Forgets an mm that exit() emptied. */
    public void forgetMm(Mm mm) {
        mms.remove(mm);
    }

    public List<Mm> mms() {
        return List.copyOf(mms);
    }

    /** @return a new file of {@code sizeBytes} bytes, all zero on disk. */
    public AddressSpace createFile(long sizeBytes) {
        AddressSpace file = new AddressSpace(locks, ids.incrementAndGet(), sizeBytes);
        files.add(file);
        return file;
    }

    /** @return a new tmpfs file (memfd_create() + fallocate) of {@code sizeBytes} bytes, all zero. */
    public AddressSpace createShmemFile(long sizeBytes) {
        AddressSpace file = new AddressSpace(locks, ids.incrementAndGet(), sizeBytes, AddressSpace.Kind.SHMEM);
        files.add(file);
        return file;
    }

    public List<AddressSpace> files() {
        return List.copyOf(files);
    }

    /** anon_vma_alloc() of a new root (anon_vma_prepare()). */
    public AnonVma newAnonVma() {
        return new AnonVma(locks, ids.incrementAndGet());
    }

    /** anon_vma_alloc() in anon_vma_fork(): a child of {@code parent} in its tree. */
    public AnonVma newAnonVma(AnonVma parent) {
        return new AnonVma(ids.incrementAndGet(), parent);
    }

    // ---- BUG()

    /** Records a kernel BUG condition and unwinds the caller with it. */
    public KernelBug bug(String condition, Object dump) {
        KernelBug bug = new KernelBug(condition, String.valueOf(dump));
        bugs.add(bug);
        throw bug;
    }

    /** @return every BUG condition reached so far. */
    public List<KernelBug> bugs() {
        synchronized (bugs) {
            return List.copyOf(bugs);
        }
    }

    // ---- subsystems

    public Rmap rmap() {
        return rmap;
    }

    public SwapCache swapCache() {
        return swapCache;
    }

    public Filemap filemap() {
        return filemap;
    }

    /** @return read(2) and pwrite(2) through the page cache. */
    public FileIo fileIo() {
        return fileIo;
    }

    public Fault fault() {
        return fault;
    }

    /** @return user-level loads and stores (the operations a spec's app task runs). */
    public UserAccess user() {
        return user;
    }

    public Gup gup() {
        return gup;
    }

    /** @return vmsplice(), io_uring fixed buffers and gup_test's long-term pins, as GUP users. */
    public GupCallers gupCallers() {
        return gupCallers;
    }

    public Dma dma() {
        return dma;
    }

    public Mmap mmap() {
        return mmap;
    }

    public Fork fork() {
        return fork;
    }

    /** @return madvise(MADV_FREE). */
    public MadviseFree madviseFree() {
        return madviseFree;
    }

    public Mremap mremap() {
        return mremap;
    }

    public Reclaim reclaim() {
        return reclaim;
    }

    public Migration migration() {
        return migration;
    }

    public Ksm ksm() {
        return ksm;
    }

    public Truncate truncate() {
        return truncate;
    }

    public Writeback writeback() {
        return writeback;
    }

    /** @return a checker for the kernel-wide invariants, to run at quiescent points. */
    public Invariants invariants() {
        return new Invariants(this);
    }
}
