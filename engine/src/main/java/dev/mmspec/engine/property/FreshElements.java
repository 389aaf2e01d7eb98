package dev.mmspec.engine.property;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.contract.model.ModelInfo.SlotKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which state elements are unallocated: every field of the element ({@code folio[1].*}) still holds its zero encoding
 * (0, false, the first literal, none). The guard check exempts them, as the model's {@code alloc} does: a folio fresh
 * from the allocator is private to the task that set it up (wp_page_copy() sets PG_anon_exclusive on its new folio
 * without the folio lock), so requiring its lock would flag correct kernel code.
 *
 * <p>Only elements of arrays over a domain qualify (a pool of objects that are allocated and freed); a scalar is never
 * "unallocated". This is a rule of thumb, not the model's own knowledge of which element its {@code alloc} chose: an
 * all-zero element that is in use would be exempt too.
 */
final class FreshElements {
    private final Map<Integer, int[]> siblings = new HashMap<>();
    private final List<Slot> slots;

    FreshElements(ModelInfo info) {
        this.slots = info.slots();
        Map<String, List<Integer>> byElement = new HashMap<>();
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            if (s.kind() == SlotKind.STATE) {
                byElement
                        .computeIfAbsent(element(s.name()), k -> new ArrayList<>())
                        .add(i);
            }
        }
        for (ModelInfo.Guard g : info.guards()) {
            if (slots.get(g.slot()).name().indexOf('[') < 0) {
                continue;
            }
            List<Integer> members =
                    byElement.getOrDefault(element(slots.get(g.slot()).name()), List.of(g.slot()));
            siblings.put(g.slot(), members.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /** @return whether the element of {@code slot} had every field at its zero encoding in {@code state}. */
    boolean unallocated(int slot, long[] state) {
        int[] members = siblings.get(slot);
        if (members == null) {
            return false;
        }
        for (int i : members) {
            Slot s = slots.get(i);
            if (((state[s.word()] >>> s.shift()) & ((1L << s.bits()) - 1)) != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code folio[1].exclusive} → {@code folio[1]}; a scalar is its own element. */
    private static String element(String slotName) {
        int bracket = slotName.lastIndexOf(']');
        return bracket < 0 ? slotName : slotName.substring(0, bracket + 1);
    }
}
