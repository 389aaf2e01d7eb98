package dev.mmspec.runtime.rmap;

import dev.mmspec.runtime.lock.LockClass;
import dev.mmspec.runtime.lock.LockEnv;
import dev.mmspec.runtime.lock.RwSemaphore;
import dev.mmspec.runtime.vma.Vma;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An anon_vma: the VMAs that may map the anonymous pages of one lineage (the parent and its forked
 * children share it: the pre-2.6.34 single anon_vma, equivalent to always locking the root). The
 * VMA set is the interval tree: changed under the rwsem for write, walked under it for read.
 */
public final class AnonVma {
    private final int id;
    private final RwSemaphore rwsem;
    private final List<Vma> vmas = new CopyOnWriteArrayList<>();

    public AnonVma(LockEnv env, int id) {
        this.id = id;
        this.rwsem = new RwSemaphore(env, LockClass.ANON_VMA_RWSEM, this);
    }

    public RwSemaphore rwsem() {
        return rwsem;
    }

    /** anon_vma_chain_link(). Context: rwsem held for write. */
    public void link(Vma vma) {
        rwsem.assertHeldWrite("anon_vma_chain_link", this);
        vmas.add(vma);
    }

    /** unlink_anon_vmas(). Context: rwsem held for write. */
    public void unlink(Vma vma) {
        rwsem.assertHeldWrite("unlink_anon_vmas", this);
        vmas.remove(vma);
    }

    /** @return the VMAs, in link order. Context: rwsem held (either mode) for a stable answer. */
    public List<Vma> vmas() {
        return List.copyOf(vmas);
    }

    @Override
    public String toString() {
        return "anon_vma#" + id;
    }
}
