package org.magentajava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of src/main import each other without cycles, so the data flow reads one way
 * (docs/ARCHITECTURE.md). Edges come from every {@code org.magentajava.<package>.<Class>} named in code:
 * imports (wildcards too), static imports and fully qualified names; comments and string literals do not count.
 */
class PackageGraphTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern REFERENCE =
            Pattern.compile("\\borg\\.magentajava\\.((?:[a-z_][a-z0-9_]*\\.)*[a-z_][a-z0-9_]*)\\.(?:[A-Z]|\\*)");
    private static final Pattern PACKAGE = Pattern.compile("^package org\\.magentajava\\.([a-z0-9_.]+);", Pattern.MULTILINE);
    private static final Pattern COMMENT_OR_STRING =
            Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'", Pattern.DOTALL);

    @Test
    void mainPackagesHaveNoCycle() throws IOException {
        Map<String, Map<String, String>> graph = packageGraph(SOURCES);
        assertTrue(graph.size() >= 10, "read only " + graph.keySet());
        List<String> cycle = findCycle(graph);
        assertTrue(cycle.isEmpty(), () -> "package cycle: " + describe(cycle, graph));
    }

    /**
     * The commands and the shared stages reach a family only through models.ModelFamily and the registry
     * (docs/ARCHITECTURE.md: only registry names the families), so a new family changes none of them.
     */
    @Test
    void commandsAndSharedStagesNameNoFamily() throws IOException {
        Map<String, Map<String, String>> graph = packageGraph(SOURCES);
        Map<String, Map<String, String>> shared = new TreeMap<>();
        for (String pkg : List.of("cli", "bundle", "train", "generate", "data", "model", "models")) {
            assertTrue(graph.containsKey(pkg), pkg);
            shared.put(pkg, graph.get(pkg));
        }
        assertEquals(List.of(), familyEdges(shared));
        // what a slip would look like
        assertEquals(List.of("cli -> models.biaxialrnn (cli/X.java)"), familyEdges(Map.of("cli",
                new TreeMap<>(Map.of("models.biaxialrnn", "cli/X.java", "models", "cli/Y.java", "registry", "cli/Z.java")))));
    }

    /** "package -> models.family (file)" for every edge into a family package. */
    private static List<String> familyEdges(Map<String, Map<String, String>> graph) {
        List<String> found = new ArrayList<>();
        graph.forEach((pkg, edges) -> edges.forEach((to, file) -> {
            if (to.startsWith("models.")) {
                found.add(pkg + " -> " + to + " (" + file + ")");
            }
        }));
        return found;
    }

    /**
     * The network's parts sit below the network (docs/ARCHITECTURE.md): ops imports no project package, optim and
     * layers only ops, so model composes them and none of them reaches back into model or above.
     */
    @Test
    void networkPartsImportOnlyThePartsBelowThem() throws IOException {
        Map<String, Map<String, String>> graph = packageGraph(SOURCES);
        assertEquals(Set.of(), graph.get("model.ops").keySet(), "model.ops imports");
        assertEquals(Set.of("model.ops"), graph.get("model.optim").keySet(), "model.optim imports");
        assertEquals(Set.of("model.ops"), graph.get("model.layers").keySet(), "model.layers imports");
        assertTrue(graph.get("model").keySet().containsAll(Set.of("model.ops", "model.layers", "model.optim")),
                "model composes its parts: " + graph.get("model").keySet());
    }

    @Test
    void findsTheCycleAndNamesTheFilesOfItsEdges() {
        Map<String, Map<String, String>> graph = new TreeMap<>();
        graph.put("a", new TreeMap<>(Map.of("b", "a/A.java")));
        graph.put("b", new TreeMap<>(Map.of("c", "b/B.java", "d", "b/B2.java")));
        graph.put("c", new TreeMap<>(Map.of("a", "c/C.java")));
        graph.put("d", new TreeMap<>());
        List<String> cycle = findCycle(graph);
        assertEquals(List.of("a", "b", "c", "a"), cycle);
        assertEquals("a -> b (a/A.java) -> c (b/B.java) -> a (c/C.java)", describe(cycle, graph));
        graph.get("c").clear();
        assertEquals(List.of(), findCycle(graph));
    }

    @Test
    void readsImportsStaticImportsAndQualifiedNamesButNotComments(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path a = Files.createDirectories(dir.resolve("org/magentajava/a"));
        Files.writeString(a.resolve("A.java"), String.join("\n",
                "package org.magentajava.a;",
                "import org.magentajava.b.B;",
                "import static org.magentajava.c.C.helper;",
                "import org.magentajava.e.*;",
                "/** {@link org.magentajava.x.X} */",
                "class A { org.magentajava.d.sub.D d; String s = \"org.magentajava.y.Y\"; } // org.magentajava.z.Z"));
        Map<String, Map<String, String>> graph = packageGraph(dir);
        assertEquals(Set.of("b", "c", "d.sub", "e"), graph.get("a").keySet());
    }

    /** package -> (imported package -> one file that imports it), packages relative to org.magentajava. */
    static Map<String, Map<String, String>> packageGraph(Path root) throws IOException {
        Map<String, Map<String, String>> graph = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            String text = Files.readString(file);
            Matcher pm = PACKAGE.matcher(text);
            if (!pm.find()) {
                continue;
            }
            String pkg = pm.group(1);
            Map<String, String> edges = graph.computeIfAbsent(pkg, k -> new TreeMap<>());
            Matcher m = REFERENCE.matcher(COMMENT_OR_STRING.matcher(text).replaceAll(" "));
            while (m.find()) {
                String to = m.group(1);
                if (!to.equals(pkg)) {
                    edges.putIfAbsent(to, root.relativize(file).toString());
                }
            }
        }
        return graph;
    }

    /** The first cycle a depth-first search meets, as a closed path (first = last), or empty. */
    static List<String> findCycle(Map<String, Map<String, String>> graph) {
        Set<String> done = new TreeSet<>();
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> cycle = dfs(start, graph, done, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    private static List<String> dfs(String node, Map<String, Map<String, String>> graph, Set<String> done,
            List<String> path) {
        int at = path.indexOf(node);
        if (at >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
            cycle.add(node);
            return cycle;
        }
        if (done.contains(node)) {
            return List.of();
        }
        path.add(node);
        for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
            List<String> cycle = dfs(next, graph, done, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        done.add(node);
        return List.of();
    }

    static String describe(List<String> cycle, Map<String, Map<String, String>> graph) {
        StringBuilder s = new StringBuilder(cycle.get(0));
        for (int i = 1; i < cycle.size(); i++) {
            s.append(" -> ").append(cycle.get(i))
                    .append(" (").append(graph.get(cycle.get(i - 1)).get(cycle.get(i))).append(')');
        }
        return s.toString();
    }
}
