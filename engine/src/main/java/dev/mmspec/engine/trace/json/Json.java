package dev.mmspec.engine.trace.json;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON writer and reader, so that the engine (which generated tests run on) keeps no dependency beyond the JDK.
 * Values are plain Java: {@code Map<String, Object>} (insertion ordered), {@code List<Object>}, {@code String},
 * {@code Boolean}, {@code BigInteger} for numbers without a fraction, {@code Double} for the others, and {@code null}.
 *
 * <p>Output is deterministic: keys in insertion order, two-space indentation, {@code \n} line ends, so that the same
 * trace always gives the same bytes.
 */
public final class Json {
    private Json() {}

    /** @return {@code value} as indented JSON text ending in a newline. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.append('\n').toString();
    }

    /** @return {@code value} as JSON text on one line (for embedding in HTML). */
    public static String writeCompact(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, -1);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, int indent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Boolean
                || value instanceof Integer
                || value instanceof Long
                || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            out.append(d);
        } else if (value instanceof Map<?, ?> map) {
            object(map, out, indent);
        } else if (value instanceof List<?> list) {
            array(list, out, indent);
        } else {
            throw new IllegalArgumentException(
                    "not a JSON value: " + value.getClass().getName() + " " + value);
        }
    }

    /** Objects of at most two scalars ({@code {"#bigint": "2"}}) stay on one line, as ITF values read best. */
    private static void object(Map<?, ?> map, StringBuilder out, int indent) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        boolean small = map.size() <= 2 && map.values().stream().allMatch(Json::scalarOrFlat);
        int inner = indent < 0 || small ? -1 : indent + 1;
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.append(first ? "" : inner < 0 && indent >= 0 ? ", " : ",");
            newline(out, inner);
            string((String) e.getKey(), out);
            out.append(indent < 0 ? ":" : ": ");
            write(e.getValue(), out, inner);
            first = false;
        }
        if (inner >= 0) {
            newline(out, indent);
        }
        out.append('}');
    }

    /** Arrays of scalars stay on one line: a state's lists of small values read better that way. */
    private static void array(List<?> list, StringBuilder out, int indent) {
        boolean flat = list.stream().noneMatch(v -> v instanceof Map || v instanceof List);
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            out.append(i == 0 ? "" : flat ? ", " : ",");
            if (!flat && indent >= 0) {
                newline(out, indent + 1);
            }
            write(list.get(i), out, indent < 0 ? -1 : indent + 1);
        }
        if (!flat && !list.isEmpty() && indent >= 0) {
            newline(out, indent);
        }
        out.append(']');
    }

    private static boolean scalarOrFlat(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().noneMatch(v -> v instanceof Map || v instanceof List);
        }
        return !(value instanceof Map<?, ?> map)
                || map.isEmpty()
                || (map.size() == 1 && map.values().stream().allMatch(Json::scalarOrFlat));
    }

    private static void newline(StringBuilder out, int indent) {
        if (indent >= 0) {
            out.append('\n').append("  ".repeat(indent));
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                // '<' escaped so that JSON embedded in an HTML <script> can never close it.
                case '<' -> out.append("\\u003c");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * @return the value of the JSON text
     * @throws JsonException naming the line and column of the first problem
     */
    public static Object parse(String text) throws JsonException {
        Reader reader = new Reader(text);
        reader.space();
        Object value = reader.value();
        reader.space();
        if (reader.pos < text.length()) {
            throw reader.error("text after the JSON value");
        }
        return value;
    }

    /** Recursive descent over the text; positions are kept for error messages only. */
    private static final class Reader {
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        Object value() throws JsonException {
            if (pos >= text.length()) {
                throw error("unexpected end of input");
            }
            char c = text.charAt(pos);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("unexpected character '" + c + "'");
                }
            };
        }

        private Map<String, Object> object() throws JsonException {
            Map<String, Object> map = new LinkedHashMap<>();
            pos++;
            space();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                space();
                if (peek() != '"') {
                    throw error("expected a string key");
                }
                String key = string();
                space();
                expect(':');
                space();
                if (map.containsKey(key)) {
                    throw error("duplicate key \"" + key + "\"");
                }
                map.put(key, value());
                space();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect('}');
                    return map;
                }
            }
        }

        private List<Object> array() throws JsonException {
            List<Object> list = new ArrayList<>();
            pos++;
            space();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                space();
                list.add(value());
                space();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect(']');
                    return list;
                }
            }
        }

        private String string() throws JsonException {
            pos++;
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    if (pos >= text.length()) {
                        throw error("unterminated string");
                    }
                    char e = text.charAt(pos++);
                    switch (e) {
                        case '"', '\\', '/' -> out.append(e);
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            if (pos + 4 > text.length()) {
                                throw error("short \\u escape");
                            }
                            try {
                                out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                            } catch (NumberFormatException ex) {
                                throw error("bad \\u escape");
                            }
                            pos += 4;
                        }
                        default -> throw error("bad escape \\" + e);
                    }
                } else if (c < 0x20) {
                    throw error("control character in string");
                } else {
                    out.append(c);
                }
            }
        }

        private Object number() throws JsonException {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            boolean fraction = false;
            while (pos < text.length() && "0123456789.eE+-".indexOf(text.charAt(pos)) >= 0) {
                fraction |= "eE.".indexOf(text.charAt(pos)) >= 0;
                pos++;
            }
            String number = text.substring(start, pos);
            try {
                return fraction ? (Object) Double.valueOf(number) : new BigInteger(number);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("bad number \"" + number + "\"");
            }
        }

        private Object literal(String word, Object value) throws JsonException {
            if (!text.startsWith(word, pos)) {
                throw error("expected " + word);
            }
            pos += word.length();
            return value;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void expect(char c) throws JsonException {
            if (peek() != c) {
                throw error(
                        pos >= text.length()
                                ? "unexpected end of input, expected '" + c + "'"
                                : "expected '" + c + "'");
            }
            pos++;
        }

        void space() {
            while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
        }

        JsonException error(String problem) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < pos && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new JsonException(line, column, problem);
        }
    }
}
