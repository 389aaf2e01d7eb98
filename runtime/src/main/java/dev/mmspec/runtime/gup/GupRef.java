package dev.mmspec.runtime.gup;

import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;

/**
 * A page reference GUP handed out: the folio (the device's DMA target), where it was looked up, and how it must be
 * released (unpin or put).
 */
public final class GupRef {
    private final Folio folio;
    private final Mm mm;
    private final long address;
    private final boolean pin;
    private final boolean write;
    private boolean released;

    GupRef(Folio folio, Mm mm, long address, boolean pin, boolean write) {
        this.folio = folio;
        this.mm = mm;
        this.address = address;
        this.pin = pin;
        this.write = write;
    }

    public Folio folio() {
        return folio;
    }

    public Mm mm() {
        return mm;
    }

    public long address() {
        return address;
    }

    public boolean pin() {
        return pin;
    }

    public boolean write() {
        return write;
    }

    public synchronized boolean released() {
        return released;
    }

    synchronized void markReleased() {
        if (released) {
            throw new IllegalStateException("GUP reference released twice: " + this);
        }
        released = true;
    }

    @Override
    public String toString() {
        return (pin ? "pin" : "get") + (write ? "(write)" : "(read)") + " of " + folio + " at " + mm + ":" + address;
    }
}
