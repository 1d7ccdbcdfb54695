package org.magentajava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Only cli/ names command-line flags (docs/ARCHITECTURE.md): the library's messages name settings by field
 * ({@code io.BadSettingException}, {@code io.SettingNames}) and the CLI spells them as flags. Reads every string
 * literal of src/main outside cli/ and fails on one that writes a flag ({@code --run_dir}).
 */
class FlagNamesTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern COMMENT_OR_STRING =
            Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'", Pattern.DOTALL);
    /** A long flag: two dashes and a name, not inside a word ("rw-r--r--" is a file mode, not a flag). */
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9_-]*");
    /** Options of the java launcher, which the library names on purpose: they are not ours to spell. */
    private static final Set<String> JVM_OPTIONS = Set.of("--add-exports");

    @Test
    void noStringLiteralOutsideTheCliNamesAFlag() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                if (file.startsWith(SOURCES.resolve("org/magentajava/cli"))) {
                    continue;
                }
                flagsIn(Files.readString(file)).forEach(flag -> found.add(SOURCES.relativize(file) + ": " + flag));
            }
        }
        assertTrue(found.isEmpty(), () -> "flags named outside cli/ (name the field and let the CLI spell it): "
                + found);
    }

    @Test
    void findsFlagsInStringsOnlyAndKnowsFileModesAndJvmOptions() {
        String source = String.join("\n",
                "// a comment may say --run_dir",
                "/* and so may --config here */",
                "String a = \"give \" + x + \"--num_steps\";",
                "String b = \"rw-r--r--\"; char q = '\"'; String e = \"--plot\";",
                "String c = \"run java with --add-exports java.desktop/x=ALL-UNNAMED\";",
                "String d = \"use a new --run-dir or \\\"--seed\\\"\";");
        assertEquals(List.of("--num_steps", "--plot", "--run-dir", "--seed"), flagsIn(source));
    }

    static List<String> flagsIn(String source) {
        List<String> flags = new ArrayList<>();
        Matcher m = COMMENT_OR_STRING.matcher(source);
        while (m.find()) {
            if (!m.group().startsWith("\"")) {
                continue;
            }
            Matcher flag = FLAG.matcher(m.group());
            while (flag.find()) {
                if (!JVM_OPTIONS.contains(flag.group())) {
                    flags.add(flag.group());
                }
            }
        }
        return flags;
    }
}
