package dev.mmspec.runtime.filemap;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;

/**
 * read(2) and pwrite(2) of a file through the page cache (mm/filemap.c filemap_read, generic_perform_write), one byte
 * at a time: what a process does to a file without mapping it.
 */
public final class FileIo {

    /** @param eof whether {@code pos} was at or beyond i_size (read returned 0); {@code value} is valid only if not */
    public record ReadResult(Outcome outcome, boolean eof, byte value) {}

    private final Kernel kernel;

    public FileIo(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * Step {@code file_read.copy}: filemap_read() of the byte at {@code pos}: find the folio or read it in
     * (filemap_create_folio under the invalidate_lock, as a fault does), copy out.
     *
     * <p>Context: takes the invalidate_lock (read) to read a page in, then the folio lock.
     */
    public ReadResult read(AddressSpace file, long pos) {
        kernel.countOperation();
        kernel.point(Labels.FILE_READ_COPY);
        long index = pos / Folio.PAGE_SIZE;
        if (pos >= file.iSize()) {
            return new ReadResult(Outcome.OK, true, (byte) 0);
        }
        Filemap.FaultPage page = kernel.filemap().fault(file, index);
        if (page.outcome() != Outcome.OK) {
            // Truncated under us: read(2) sees the new EOF.
            return new ReadResult(page.outcome() == Outcome.SIGBUS ? Outcome.OK : page.outcome(), true, (byte) 0);
        }
        // filemap_read() reads i_size again once it has the folio: a truncate may have shrunk the file into this page.
        if (pos >= file.iSize()) {
            page.release();
            return new ReadResult(Outcome.OK, true, (byte) 0);
        }
        byte value = page.folio().read((int) (pos % Folio.PAGE_SIZE));
        page.release();
        return new ReadResult(Outcome.OK, false, value);
    }

    /**
     * Step {@code file_write.copy}: generic_perform_write() of one byte at {@code pos} inside i_size: write_begin (find
     * or read the folio, locked; the filesystem attaches its per-folio state, as page_mkwrite does for a mapping), copy
     * in, write_end (folio_mark_dirty).
     *
     * <p>Context: takes the invalidate_lock (read) to read a page in, then the folio lock.
     *
     * @return OK, or EFBIG-like SIGBUS beyond i_size (the runtime does not extend files)
     */
    public Outcome pwrite(AddressSpace file, long pos, byte value) {
        kernel.countOperation();
        kernel.point(Labels.FILE_WRITE_COPY);
        while (true) {
            if (pos >= file.iSize()) {
                return Outcome.SIGBUS;
            }
            Filemap.FaultPage page = kernel.filemap().fault(file, pos / Folio.PAGE_SIZE);
            if (page.outcome() != Outcome.OK) {
                return page.outcome();
            }
            Folio folio = page.folio();
            if (!page.locked()) {
                folio.lock().lock();
            }
            try {
                if (folio.mapping() != file) {
                    continue; // truncated meanwhile: look again
                }
                if (pos >= file.iSize()) {
                    // The kernel's inode lock keeps truncate out of a write; without one, i_size is read again under
                    // the folio lock, so that no byte lands past a new EOF whose tail truncate already zeroed.
                    return Outcome.SIGBUS;
                }
                folio.write((int) (pos % Folio.PAGE_SIZE), value);
                folio.setFsNotified(true);
                kernel.filemap().markDirty(folio);
                return Outcome.OK;
            } finally {
                folio.lock().unlock();
                folio.put();
            }
        }
    }
}
