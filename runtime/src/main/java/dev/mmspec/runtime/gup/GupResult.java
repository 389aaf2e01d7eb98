package dev.mmspec.runtime.gup;

import dev.mmspec.runtime.Outcome;

/** What get_user_pages() returned: OK with a reference, or an outcome (EAGAIN, EFAULT, ENOMEM) and none. */
public record GupResult(Outcome outcome, GupRef ref) {
    public boolean ok() {
        return ref != null;
    }
}
