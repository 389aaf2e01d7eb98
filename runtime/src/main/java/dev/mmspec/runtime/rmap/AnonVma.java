package dev.mmspec.runtime.rmap;

import dev.mmspec.runtime.lock.LockClass;
import dev.mmspec.runtime.lock.LockEnv;
import dev.mmspec.runtime.lock.RwSemaphore;
import dev.mmspec.runtime.vma.Vma;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An anon_vma (mm/rmap.c): where the anonymous pages a VMA creates point, and the interval tree of every VMA that may
 * map them. A forked child's VMA gets an anon_vma of its own whose parent is the parent VMA's anon_vma and whose root
 * is the tree's root (anon_vma_fork()); through its anon_vma_chain the child VMA is also linked into the interval tree
 * of each of its ancestors' anon_vmas, so a page the parent created is found in the child, and a page the child COWed
 * is found in the child (and its descendants) only.
 *
 * <p>The lock is the root's: "the root anon_vma's rwsem is the lock actually used when we lock any of the anon_vmas in
 * this anon_vma tree" (anon_vma_fork()). The interval tree is changed under it for write and walked under it for read.
 *
 * <p>{@code numChildren} and {@code numActiveVmas} are mainline's counts for the reuse of an anon_vma in
 * anon_vma_clone() (7a3ef208e662, "mm: prevent endless growth of anon_vma hierarchy"; split into the two counts by
 * 2555283eb40d, "mm/rmap: Fix anon_vma->degree ambiguity leading to double-reuse"). They change only under the root's
 * rwsem for write.
 */
public final class AnonVma {
    private final int id;
    private final AnonVma root;
    private final AnonVma parent;
    private final RwSemaphore rwsem;
    private final List<Vma> vmas = new CopyOnWriteArrayList<>();
    private int numChildren;
    private int numActiveVmas;

    /** anon_vma_alloc() for a new root: its own parent and root, holding its own lock. */
    public AnonVma(LockEnv env, int id) {
        this.id = id;
        this.root = this;
        this.parent = this;
        this.rwsem = new RwSemaphore(env, LockClass.ANON_VMA_RWSEM, this);
    }

    /** anon_vma_alloc() in anon_vma_fork(): a child of {@code parent}, locked by the root's rwsem. */
    public AnonVma(int id, AnonVma parent) {
        this.id = id;
        this.root = parent.root;
        this.parent = parent;
        this.rwsem = parent.root.rwsem;
    }

    /** @return the root's rwsem, the one lock of the whole anon_vma tree (anon_vma_lock_write()). */
    public RwSemaphore rwsem() {
        return rwsem;
    }

    public AnonVma root() {
        return root;
    }

    /** @return the anon_vma of the parent VMA at fork; the root is its own parent. */
    public AnonVma parent() {
        return parent;
    }

    /** anon_vma_chain_link(): insert {@code vma} into this interval tree. Context: rwsem held for write. */
    void link(Vma vma) {
        rwsem.assertHeldWrite("anon_vma_chain_link", this);
        vmas.add(vma);
    }

    /** anon_vma_interval_tree_remove(). Context: rwsem held for write. */
    void unlink(Vma vma) {
        rwsem.assertHeldWrite("unlink_anon_vmas", this);
        vmas.remove(vma);
    }

    /** @return the VMAs of the interval tree, in link order. Context: rwsem held (either mode) for a stable answer. */
    public List<Vma> vmas() {
        return List.copyOf(vmas);
    }

    /** @return how many anon_vmas name this one as parent (the root counts its self-parent link). */
    public int numChildren() {
        return numChildren;
    }

    /** @return how many VMAs have this as their own {@code vma->anon_vma}. */
    public int numActiveVmas() {
        return numActiveVmas;
    }

    /** Context: rwsem held for write. */
    void addChildren(int delta) {
        rwsem.assertHeldWrite("anon_vma num_children", this);
        numChildren += delta;
    }

    /** Context: rwsem held for write. */
    void addActiveVmas(int delta) {
        rwsem.assertHeldWrite("anon_vma num_active_vmas", this);
        numActiveVmas += delta;
    }

    @Override
    public String toString() {
        return "anon_vma#" + id + (root == this ? "" : " (root #" + root.id + ", parent #" + parent.id + ")");
    }
}
