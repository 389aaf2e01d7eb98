package dev.mmspec.contract.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Converts between fix names and the bit masks a {@link Model} is built with. */
public final class FixMask {
    private FixMask() {}

    /**
     * @return the mask with the bits of {@code names} set
     * @throws IllegalArgumentException naming the unknown fix and the known ones
     */
    public static long of(ModelInfo info, String... names) {
        return of(info, List.of(names));
    }

    public static long of(ModelInfo info, Collection<String> names) {
        long mask = 0;
        for (String name : names) {
            int i = info.fixIndex(name);
            if (i < 0) {
                List<String> known =
                        info.fixes().stream().map(ModelInfo.Fix::name).toList();
                throw new IllegalArgumentException(
                        "spec " + info.spec() + " has no fix '" + name + "'; its fixes: " + known);
            }
            mask |= 1L << i;
        }
        return mask;
    }

    /** @return the names of the fixes set in {@code mask}, in declaration order. */
    public static List<String> names(ModelInfo info, long mask) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < info.fixes().size(); i++) {
            if ((mask & (1L << i)) != 0) {
                out.add(info.fixes().get(i).name());
            }
        }
        return out;
    }
}
