package org.magentajava.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The help's command and flag lists, laid out by us: names on their own line, the description below it wrapped at
 * spaces only (picocli's table also breaks after dots, splitting {@code .mid} and {@code ./generated/}), and each
 * flag's default once, in the same words for every flag: "(default: 10)", booleans included, none when the
 * description already states it or the default is empty.
 */
final class HelpLayout {
    static final int WIDTH = 80;
    private static final String NAME_INDENT = "  ";
    private static final String TEXT_INDENT = "      ";

    private HelpLayout() {
    }

    /** Installs the layout on {@code top} and all its subcommands, and gives each the top command's version. */
    static void install(CommandLine top) {
        String[] version = top.getCommandSpec().version();
        List<CommandLine> all = new ArrayList<>();
        all.add(top);
        for (int i = 0; i < all.size(); i++) {
            for (CommandLine sub : all.get(i).getSubcommands().values()) {
                if (!all.contains(sub)) {
                    all.add(sub);
                }
            }
        }
        for (CommandLine cl : all) {
            cl.setUsageHelpWidth(WIDTH);
            nameValues(cl.getCommandSpec());
            if (cl.getCommandSpec().version().length == 0) {
                cl.getCommandSpec().version(version); // so that `generate -V` prints it too
            }
            Map<String, CommandLine.IHelpSectionRenderer> sections = cl.getHelpSectionMap();
            sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, HelpLayout::commands);
            sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpLayout::options);
            sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, HelpLayout::parameters);
            sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, HelpLayout::footer);
        }
    }

    /**
     * Flags without a label get one from their type (N, NUMBER, TEXT, PATH) instead of picocli's field name
     * ({@code <numOutputs>}), in the synopsis as in the list.
     */
    private static void nameValues(CommandSpec spec) {
        for (OptionSpec o : new ArrayList<>(spec.options())) {
            if (!o.paramLabel().startsWith("<") || o.arity().max() == 0) {
                continue;
            }
            Class<?> t = o.type();
            String label = t == boolean.class || t == Boolean.class ? "BOOL"
                    : t == int.class || t == long.class || t == Integer.class || t == Long.class ? "N"
                    : t == double.class || t == float.class || t == Double.class || t == Float.class ? "NUMBER"
                    : t == java.nio.file.Path.class ? "PATH" : "TEXT";
            spec.remove(o);
            spec.addOption(o.toBuilder().paramLabel(label).build());
        }
    }

    private static String commands(Help help) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Help> e : help.subcommands().entrySet()) {
            CommandSpec spec = e.getValue().commandSpec();
            if (spec.usageMessage().hidden()) {
                continue;
            }
            List<String> names = new ArrayList<>();
            names.add(spec.name());
            names.addAll(List.of(spec.aliases()));
            out.append(NAME_INDENT).append(String.join(", ", names)).append('\n');
            // picocli's own help command writes line breaks as %n
            wrap(out, String.join(" ", spec.usageMessage().description()).replace("%n", " "));
        }
        return out.toString();
    }

    private static String options(Help help) {
        CommandSpec spec = help.commandSpec();
        List<OptionSpec> options = new ArrayList<>(spec.options().stream().filter(o -> !o.hidden()).toList());
        options.sort(Comparator.comparing(o -> o.longestName().replaceFirst("^-+", "").toLowerCase(Locale.ROOT)));
        StringBuilder out = new StringBuilder();
        for (OptionSpec o : options) {
            List<String> names = List.of(o.names());
            if (o.negatable()) {
                // --[no]condition_on_primer: the negative form beside the positive one
                names = names.stream().map(Spellings::negativeSynopsis).toList();
            }
            String line = String.join(", ", names) + valueLabel(o);
            if (NAME_INDENT.length() + line.length() > WIDTH) {
                line = String.join(",\n" + NAME_INDENT, names) + valueLabel(o); // one name a line
            }
            out.append(NAME_INDENT).append(line).append('\n');
            wrap(out, description(o, spec));
        }
        return out.toString();
    }

    private static String parameters(Help help) {
        StringBuilder out = new StringBuilder();
        for (PositionalParamSpec p : help.commandSpec().positionalParameters()) {
            if (!p.hidden()) {
                out.append(NAME_INDENT).append(p.paramLabel()).append('\n');
                wrap(out, description(p, help.commandSpec()));
            }
        }
        return out.toString();
    }

    private static String footer(Help help) {
        StringBuilder out = new StringBuilder();
        for (String paragraph : help.commandSpec().usageMessage().footer()) {
            if (paragraph.isEmpty()) {
                out.append('\n');
            } else {
                wrap(out, paragraph, "");
            }
        }
        return out.toString();
    }

    private static String valueLabel(OptionSpec o) {
        boolean bool = o.type() == boolean.class || o.type() == Boolean.class;
        if (o.arity().max() == 0) {
            return "";
        }
        String label = bool ? "BOOL" : o.paramLabel();
        return o.arity().min() == 0 ? "[=" + label + "]" : "=" + label;
    }

    /** The description and, unless it states it already or it is empty, the default. */
    static String description(ArgSpec arg, CommandSpec spec) {
        String text = String.join(" ", arg.description());
        if (arg instanceof OptionSpec o && (o.usageHelp() || o.versionHelp())) {
            return text;
        }
        boolean bool = arg.type() == boolean.class;
        String value = arg.defaultValue() != null ? arg.defaultValueString() : bool ? "false" : null;
        if (value != null && value.startsWith("${sys:")) {
            value = null;
        }
        boolean states = text.toLowerCase(Locale.ROOT).contains("default");
        if (value != null && !value.isEmpty() && !value.equals("null") && !states) {
            text = text + " (default:\u00A0" + value + ")"; // no-break space: wrap() keeps it on one line
        }
        return text;
    }

    /** Appends {@code text} indented, wrapped at spaces so that no word is ever split. */
    static void wrap(StringBuilder out, String text) {
        wrap(out, text, TEXT_INDENT);
    }

    private static void wrap(StringBuilder out, String text, String indent) {
        int room = WIDTH - indent.length();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split("[ \t\n]+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > room) {
                out.append(indent).append(line).append('\n');
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word.replace('\u00A0', ' '));
        }
        if (line.length() > 0) {
            out.append(indent).append(line).append('\n');
        }
    }
}
