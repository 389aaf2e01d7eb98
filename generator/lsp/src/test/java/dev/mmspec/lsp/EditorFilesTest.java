package dev.mmspec.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The editor files of {@code editors/} against what they describe: the TextMate grammar colours exactly the ANTLR
 * lexer's keywords (so a keyword added to the language cannot be left plain), and the VS Code extension's manifest
 * points at files that exist.
 */
class EditorFilesTest {
    private static final Path ROOT = Path.of("../..");
    private static final Path LEXER = ROOT.resolve("grammar/src/main/antlr4/dev/mmspec/grammar/MmSpec.g4");
    private static final Path TEXTMATE = ROOT.resolve("editors/mmspec.tmLanguage.json");
    private static final Path VSCODE = ROOT.resolve("editors/vscode");
    /** A lexer rule that is one word: {@code HOLDS : 'holds';}. */
    private static final Pattern KEYWORD_RULE = Pattern.compile("^[A-Z_]+\\s*:\\s*'([a-z_]+)'\\s*;", Pattern.MULTILINE);
    /** The scopes under which the TextMate grammar colours keywords. */
    private static final List<String> KEYWORD_SCOPES = List.of("keyword.", "support.type.", "constant.language.");

    static Set<String> lexerKeywords(String grammar) {
        Set<String> keywords = new TreeSet<>();
        Matcher m = KEYWORD_RULE.matcher(grammar);
        while (m.find()) {
            keywords.add(m.group(1));
        }
        return keywords;
    }

    /** The {@code match} regexes of the grammar's keyword-scoped patterns, wherever they are nested. */
    static List<Pattern> keywordPatterns(JsonElement node) {
        List<Pattern> out = new ArrayList<>();
        if (node.isJsonObject()) {
            JsonObject o = node.getAsJsonObject();
            if (o.has("match")
                    && o.has("name")
                    && KEYWORD_SCOPES.stream().anyMatch(o.get("name").getAsString()::startsWith)) {
                out.add(Pattern.compile(o.get("match").getAsString()));
            }
            o.entrySet().forEach(e -> out.addAll(keywordPatterns(e.getValue())));
        } else if (node.isJsonArray()) {
            node.getAsJsonArray().forEach(e -> out.addAll(keywordPatterns(e)));
        }
        return out;
    }

    /** @return what is wrong: lexer keywords the grammar leaves plain, and coloured words that are no keyword */
    static List<String> mismatches(Set<String> keywords, List<Pattern> patterns) {
        List<String> problems = new ArrayList<>();
        for (String keyword : keywords) {
            if (patterns.stream().noneMatch(p -> p.matcher(keyword).matches())) {
                problems.add(
                        "keyword '" + keyword + "' of the lexer is not coloured by editors/mmspec.tmLanguage.json");
            }
        }
        Pattern word = Pattern.compile("[a-z_]+");
        for (Pattern p : patterns) {
            Matcher w = word.matcher(p.pattern().replace("\\b", " "));
            while (w.find()) {
                if (!keywords.contains(w.group()) && p.matcher(w.group()).matches()) {
                    problems.add("'" + w.group() + "' is coloured as a keyword but the lexer has no such keyword");
                }
            }
        }
        return problems;
    }

    @Test
    void theTextMateGrammarColoursExactlyTheLexersKeywords() throws IOException {
        Set<String> keywords = lexerKeywords(Files.readString(LEXER));
        assertTrue(
                keywords.size() > 50 && keywords.contains("violates") && keywords.contains("trylock"),
                keywords.toString());
        List<Pattern> patterns = keywordPatterns(JsonParser.parseString(Files.readString(TEXTMATE)));
        List<String> problems = mismatches(keywords, patterns);
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    @Test
    void theCheckCatchesAKeywordLeftOutAndAWordThatIsNone() {
        List<Pattern> patterns = List.of(Pattern.compile("\\b(lock|unlock|spinlok)\\b"));
        List<String> problems = mismatches(new TreeSet<>(Set.of("lock", "unlock", "trylock")), patterns);
        assertEquals(
                List.of(
                        "keyword 'trylock' of the lexer is not coloured by editors/mmspec.tmLanguage.json",
                        "'spinlok' is coloured as a keyword but the lexer has no such keyword"),
                problems);
    }

    @Test
    void theVsCodeManifestDeclaresTheLanguageTheGrammarAndTheServer() throws IOException {
        JsonObject manifest = JsonParser.parseString(Files.readString(VSCODE.resolve("package.json")))
                .getAsJsonObject();
        JsonObject contributes = manifest.getAsJsonObject("contributes");
        JsonObject language = contributes.getAsJsonArray("languages").get(0).getAsJsonObject();
        assertEquals("mmspec", language.get("id").getAsString());
        assertTrue(contains(language.getAsJsonArray("extensions"), ".mmspec"));
        JsonObject configuration = JsonParser.parseString(Files.readString(
                        VSCODE.resolve(language.get("configuration").getAsString())))
                .getAsJsonObject();
        assertEquals(
                "//",
                configuration.getAsJsonObject("comments").get("lineComment").getAsString());

        JsonObject grammar = contributes.getAsJsonArray("grammars").get(0).getAsJsonObject();
        assertEquals("mmspec", grammar.get("language").getAsString());
        // The extension's grammar is editors/mmspec.tmLanguage.json itself (a link), not a copy that can drift.
        assertEquals(
                Files.readString(TEXTMATE),
                Files.readString(VSCODE.resolve(grammar.get("path").getAsString())));
        String scope = JsonParser.parseString(Files.readString(TEXTMATE))
                .getAsJsonObject()
                .get("scopeName")
                .getAsString();
        assertEquals(scope, grammar.get("scopeName").getAsString());

        String main = Files.readString(VSCODE.resolve(manifest.get("main").getAsString()));
        assertTrue(main.contains("'lsp'") && main.contains("vscode-languageclient/node"), main);
        assertTrue(manifest.getAsJsonObject("dependencies").has("vscode-languageclient"));
        assertTrue(manifest.getAsJsonObject("engines").has("vscode"));
    }

    private static boolean contains(JsonArray array, String value) {
        for (JsonElement e : array) {
            if (e.getAsString().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
