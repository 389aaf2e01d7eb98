package dev.mmspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.diag.Codes;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code mmspec explain}: a code's entry of the language reference, or a usage error. */
class ExplainCommandTest {
    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void explainPrintsTheCodesEntryAndItsFix() {
        Result r = run("explain", "MM0401");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("MM0401 GuardNotHeld (error): "), r.out());
        assertTrue(r.out().contains("**Fix:** take the lock the hint names"), r.out());
        assertTrue(
                r.out().contains("diagnostic=MM0401") || r.out().contains("pte[a] := true;"),
                "the entry's example is printed: " + r.out());
    }

    @Test
    void aCodeMayBeWrittenWithoutItsPrefixOrZeros() {
        assertEquals(run("explain", "MM0303").out(), run("explain", "303").out());
    }

    @Test
    void everyDeclaredCodeCanBeExplained() {
        for (Codes c : Codes.values()) {
            Result r = run("explain", c.code());
            assertEquals(0, r.code(), c.code() + ": " + r.err());
        }
    }

    @Test
    void withoutACodeEveryCodeIsListed() {
        Result r = run("explain");
        assertEquals(0, r.code(), r.err());
        assertEquals(Codes.values().length, r.out().lines().count(), r.out());
    }

    @Test
    void anUnknownCodeIsAUsageError() {
        Result r = run("explain", "MM9999");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("unknown diagnostic code 'MM9999'"), r.err());
    }
}
