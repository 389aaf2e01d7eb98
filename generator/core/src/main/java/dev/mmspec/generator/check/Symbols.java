package dev.mmspec.generator.check;

import java.util.Map;

/**
 * Read access to the declared names, for the helpers that serve both the phase that builds the {@link SymbolTable}
 * (which see the names declared so far) and the phases after it (which see the frozen table). No method changes
 * anything.
 */
interface Symbols {
    Map<String, Integer> constants();

    Map<String, DomainSymbol> domains();

    Map<String, EnumSymbol> enums();

    /** The named records ({@code record Pte { ... }}); inline state records have no name here. */
    Map<String, RecordSymbol> records();

    Map<String, StateSymbol> states();

    Map<String, LockSymbol> locks();

    /** @return whether {@code name} was declared but broken (already reported): its uses stay quiet. */
    boolean isBroken(String name);
}
