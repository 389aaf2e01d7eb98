package dev.mmspec.mutation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** One PIT {@code mutations.xml}: every mutant it produced and whether the run detected it. */
record MutationReport(Map<Key, Boolean> detected) {

    /**
     * A mutant as PIT names it: the same class, method, line, mutator and instruction index in two runs over the same
     * classes is the same mutant.
     */
    record Key(String mutatedClass, String method, String methodDescription, int line, String mutator, String indexes)
            implements Comparable<Key> {
        String packageName() {
            int dot = mutatedClass.lastIndexOf('.');
            return dot < 0 ? "" : mutatedClass.substring(0, dot);
        }

        /** The mutator without PIT's package, as the triage file spells it. */
        String mutatorName() {
            return mutator.substring(mutator.lastIndexOf('.') + 1);
        }

        String describe() {
            return mutatedClass + "." + method + ":" + line + " " + mutatorName();
        }

        @Override
        public int compareTo(Key o) {
            return sortKey().compareTo(o.sortKey());
        }

        private String sortKey() {
            return String.format(
                    "%s\u0000%s\u0000%s\u0000%08d\u0000%s\u0000%s",
                    mutatedClass, method, methodDescription, line, mutator, indexes);
        }
    }

    /** Whether some suite detected a mutant (killed it, timed out or ran out of memory). */
    record Outcome(boolean killed, String description) {}

    boolean killed(Key key) {
        return detected.getOrDefault(key, false);
    }

    /**
     * The reports at {@code where}: one {@code mutations.xml}, or a directory holding per-package runs (every
     * {@code mutations.xml} under it), added up. PIT mutates a class the same way whichever other classes it mutates,
     * and a test's kill does not depend on them, so per-package runs of one suite add up to the whole run. A mutant two
     * of them name (a package run twice) counts as detected if either run detected it.
     */
    static MutationReport readAll(Path where) throws IOException {
        if (!Files.isDirectory(where)) {
            return read(where);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(where)) {
            files = walk.filter(f -> f.getFileName().toString().equals("mutations.xml"))
                    .sorted()
                    .toList();
        }
        if (files.isEmpty()) {
            throw new IOException(where + ": no mutations.xml under this directory");
        }
        Map<Key, Boolean> detected = new TreeMap<>();
        for (Path file : files) {
            read(file).detected().forEach((key, d) -> detected.merge(key, d, Boolean::logicalOr));
        }
        return new MutationReport(detected);
    }

    static MutationReport read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        } catch (XMLStreamException e) {
            throw new IOException(file + ": not a PIT mutations.xml: " + e.getMessage(), e);
        }
    }

    static MutationReport parse(InputStream in) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XMLStreamReader xml = factory.createXMLStreamReader(in);
        Map<Key, Boolean> detected = new TreeMap<>();
        Map<String, String> fields = new TreeMap<>();
        StringBuilder indexes = new StringBuilder();
        boolean mutantDetected = false;
        String element = null;
        StringBuilder text = new StringBuilder();
        while (xml.hasNext()) {
            switch (xml.next()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    element = xml.getLocalName();
                    text.setLength(0);
                    if (element.equals("mutation")) {
                        fields.clear();
                        indexes.setLength(0);
                        mutantDetected = Boolean.parseBoolean(xml.getAttributeValue(null, "detected"));
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> text.append(xml.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    String name = xml.getLocalName();
                    if (name.equals("index")) {
                        indexes.append(indexes.length() == 0 ? "" : ",")
                                .append(text.toString().trim());
                    } else if (name.equals("mutation")) {
                        detected.put(
                                new Key(
                                        fields.get("mutatedClass"),
                                        fields.get("mutatedMethod"),
                                        fields.get("methodDescription"),
                                        Integer.parseInt(fields.getOrDefault("lineNumber", "0")),
                                        fields.get("mutator"),
                                        indexes.toString()),
                                mutantDetected);
                    } else {
                        fields.put(name, text.toString().trim());
                    }
                    text.setLength(0);
                }
                default -> {}
            }
        }
        return new MutationReport(detected);
    }
}
