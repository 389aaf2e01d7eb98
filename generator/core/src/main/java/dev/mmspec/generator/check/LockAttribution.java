package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.StatementSyntax;
import dev.mmspec.generator.lang.LockMode;
import java.util.Map;

/**
 * What the locks concern ({@link LockChecker}) learned: the mode each rwsem unlock releases (the one it was taken
 * with). Unmodifiable; unlock statements are keys by identity.
 */
public record LockAttribution(Map<StatementSyntax.Unlock, LockMode> unlockModes) {
    public LockAttribution {
        unlockModes = Frozen.identity(unlockModes);
    }
}
