package dev.mmspec.runtime;

import java.util.function.Function;

/** Looking a switch of the kernel ({@link Fix}, {@link Injection}) up by the id specs and tests name it with. */
final class SwitchIds {
    private SwitchIds() {}

    /**
     * @param kind what the switches are, for the message ("fix", "injection")
     * @throws IllegalArgumentException naming the known ids if {@code wanted} is none of them
     */
    static <E extends Enum<E>> E byId(E[] values, Function<E, String> id, String wanted, String kind) {
        for (E value : values) {
            if (id.apply(value).equals(wanted)) {
                return value;
            }
        }
        StringBuilder known = new StringBuilder();
        for (E value : values) {
            known.append(known.length() == 0 ? "" : ", ").append(id.apply(value));
        }
        throw new IllegalArgumentException("unknown " + kind + " '" + wanted + "'; known ids: " + known);
    }
}
