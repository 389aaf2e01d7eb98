package dev.mmspec.engine.sut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A missing binding fails with what was looked for and the nearest services file; the services files of this test are
 * in {@code src/test/resources/META-INF/services/}: one right, one with a typo in its name, one naming a class that
 * does not exist.
 */
class BindingsTest {
    /** A spec's factory, registered correctly. */
    public interface Registered {}

    /** Registered under a misspelt file name ({@code BindingsTest$Mispelt}). */
    public interface Misspelt {}

    /** Its services file names a class that does not exist. */
    public interface Broken {}

    /** No services file at all, nor one near its name. */
    public interface Elsewhere {}

    public static final class RegisteredFactory implements Registered {}

    public static final class MisspeltFactory implements Misspelt {}

    @Test
    void aRegisteredFactoryIsFound() {
        assertEquals(
                RegisteredFactory.class, Bindings.load(Registered.class, "toy").getClass());
    }

    @Test
    void aTypoInTheServicesFileNameFailsWithDidYouMean() {
        var e = assertThrows(Bindings.MissingBinding.class, () -> Bindings.load(Misspelt.class, "toy"));
        assertTrue(
                e.getMessage()
                        .startsWith("no binding for spec toy (looked for an implementation of "
                                + Misspelt.class.getName() + " in META-INF/services/" + Misspelt.class.getName()
                                + "; did you mean META-INF/services/dev.mmspec.engine.sut.BindingsTest$Mispelt?)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("'binding: none'"), e.getMessage());
    }

    @Test
    void aServicesFileNamingAMissingClassFailsWithTheClass() {
        var e = assertThrows(Bindings.MissingBinding.class, () -> Bindings.load(Broken.class, "toy"));
        assertTrue(
                e.getMessage().contains("no binding for spec toy: META-INF/services/" + Broken.class.getName()),
                e.getMessage());
        assertTrue(e.getMessage().contains("dev.mmspec.engine.sut.NoSuchFactory"), e.getMessage());
    }

    @Test
    void noServicesFileAtAllSaysSo() {
        var e = assertThrows(Bindings.MissingBinding.class, () -> Bindings.load(Elsewhere.class, "toy"));
        assertTrue(e.getMessage().contains("no services file on the class path is near that name"), e.getMessage());
    }
}
