package dev.mmspec.etna;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.sut.SystemUnderTest;
import dev.mmspec.generated.anon_exclusive.AnonExclusiveConformance;
import dev.mmspec.generated.anon_exclusive.AnonExclusiveModel;
import dev.mmspec.generated.cow_reuse.CowReuseConformance;
import dev.mmspec.generated.cow_reuse.CowReuseModel;
import dev.mmspec.generated.dirty_cow.DirtyCowConformance;
import dev.mmspec.generated.dirty_cow.DirtyCowModel;
import dev.mmspec.generated.fork.ForkConformance;
import dev.mmspec.generated.fork.ForkModel;
import dev.mmspec.generated.gup_dirty.GupDirtyConformance;
import dev.mmspec.generated.gup_dirty.GupDirtyModel;
import dev.mmspec.generated.gup_fast.GupFastConformance;
import dev.mmspec.generated.gup_fast.GupFastModel;
import dev.mmspec.generated.ksm.KsmConformance;
import dev.mmspec.generated.ksm.KsmModel;
import dev.mmspec.generated.ksm_replace.KsmReplaceConformance;
import dev.mmspec.generated.ksm_replace.KsmReplaceModel;
import dev.mmspec.generated.migrate_fork.MigrateForkConformance;
import dev.mmspec.generated.migrate_fork.MigrateForkModel;
import dev.mmspec.generated.migrate_zap.MigrateZapConformance;
import dev.mmspec.generated.migrate_zap.MigrateZapModel;
import dev.mmspec.generated.mprotect_upgrade.MprotectUpgradeConformance;
import dev.mmspec.generated.mprotect_upgrade.MprotectUpgradeModel;
import dev.mmspec.generated.pagecache_remove.PagecacheRemoveConformance;
import dev.mmspec.generated.pagecache_remove.PagecacheRemoveModel;
import dev.mmspec.generated.stack_grow.StackGrowConformance;
import dev.mmspec.generated.stack_grow.StackGrowModel;
import dev.mmspec.generated.swap_fork.SwapForkConformance;
import dev.mmspec.generated.swap_fork.SwapForkModel;
import dev.mmspec.generated.swap_zap.SwapZapConformance;
import dev.mmspec.generated.swap_zap.SwapZapModel;
import dev.mmspec.generated.truncate_cow.TruncateCowConformance;
import dev.mmspec.generated.truncate_cow.TruncateCowModel;
import dev.mmspec.generated.truncate_fault.TruncateFaultConformance;
import dev.mmspec.generated.truncate_fault.TruncateFaultModel;
import dev.mmspec.generated.vma_adjust.VmaAdjustConformance;
import dev.mmspec.generated.vma_adjust.VmaAdjustModel;
import dev.mmspec.generated.writeback_clean.WritebackCleanConformance;
import dev.mmspec.generated.writeback_clean.WritebackCleanModel;
import dev.mmspec.generated.zap_dirty.ZapDirtyConformance;
import dev.mmspec.generated.zap_dirty.ZapDirtyModel;
import dev.mmspec.generated.zero_page.ZeroPageConformance;
import dev.mmspec.generated.zero_page.ZeroPageModel;
import java.util.Collection;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The generated suites of each spec, as the generated tests build them: the model with every fix on, and the
 * implementation through the spec's binding with the given switch names (fixes off, or {@code inject:} names of
 * {@link dev.mmspec.runtime.Injection}s, which {@code SpecKernel} turns on).
 */
enum GeneratedSuite {
    ANON_EXCLUSIVE("anon_exclusive", AnonExclusiveModel::new, AnonExclusiveConformance::supplier),
    COW_REUSE("cow_reuse", CowReuseModel::new, CowReuseConformance::supplier),
    DIRTY_COW("dirty_cow", DirtyCowModel::new, DirtyCowConformance::supplier),
    FORK("fork", ForkModel::new, ForkConformance::supplier),
    GUP_DIRTY("gup_dirty", GupDirtyModel::new, GupDirtyConformance::supplier),
    GUP_FAST("gup_fast", GupFastModel::new, GupFastConformance::supplier),
    KSM("ksm", KsmModel::new, KsmConformance::supplier),
    KSM_REPLACE("ksm_replace", KsmReplaceModel::new, KsmReplaceConformance::supplier),
    MIGRATE_FORK("migrate_fork", MigrateForkModel::new, MigrateForkConformance::supplier),
    MIGRATE_ZAP("migrate_zap", MigrateZapModel::new, MigrateZapConformance::supplier),
    MPROTECT_UPGRADE("mprotect_upgrade", MprotectUpgradeModel::new, MprotectUpgradeConformance::supplier),
    PAGECACHE_REMOVE("pagecache_remove", PagecacheRemoveModel::new, PagecacheRemoveConformance::supplier),
    STACK_GROW("stack_grow", StackGrowModel::new, StackGrowConformance::supplier),
    SWAP_FORK("swap_fork", SwapForkModel::new, SwapForkConformance::supplier),
    SWAP_ZAP("swap_zap", SwapZapModel::new, SwapZapConformance::supplier),
    TRUNCATE_COW("truncate_cow", TruncateCowModel::new, TruncateCowConformance::supplier),
    TRUNCATE_FAULT("truncate_fault", TruncateFaultModel::new, TruncateFaultConformance::supplier),
    VMA_ADJUST("vma_adjust", VmaAdjustModel::new, VmaAdjustConformance::supplier),
    WRITEBACK_CLEAN("writeback_clean", WritebackCleanModel::new, WritebackCleanConformance::supplier),
    ZAP_DIRTY("zap_dirty", ZapDirtyModel::new, ZapDirtyConformance::supplier),
    ZERO_PAGE("zero_page", ZeroPageModel::new, ZeroPageConformance::supplier);

    private final String spec;
    private final Supplier<Model> model;
    private final Function<Collection<String>, Supplier<SystemUnderTest>> implementation;

    GeneratedSuite(
            String spec,
            Supplier<Model> model,
            Function<Collection<String>, Supplier<SystemUnderTest>> implementation) {
        this.spec = spec;
        this.model = model;
        this.implementation = implementation;
    }

    String spec() {
        return spec;
    }

    Model model() {
        return model.get();
    }

    /** @throws IllegalStateException if the spec's binding is not on the class path */
    Supplier<SystemUnderTest> implementation(Collection<String> switches) {
        Supplier<SystemUnderTest> sut = implementation.apply(switches);
        if (sut == null) {
            throw new IllegalStateException("no binding for spec " + spec + " on the test class path");
        }
        return sut;
    }
}
