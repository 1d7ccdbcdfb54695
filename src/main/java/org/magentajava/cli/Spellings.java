package org.magentajava.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Magenta's command lines as absl parses them, rewritten into what picocli parses, before parsing:
 * <ul>
 *   <li>{@code polyphony_rnn_create_dataset|_train|_generate} run the same commands with {@code --config polyphony};
 *   <li>{@code pianoroll_rnn_nade_create_dataset|_train|_generate} with {@code --config pianoroll_rnn_nade}
 *       (Magenta's default rnn-nade), except a generate that names its model, whose config then decides;
 *   <li>{@code --noFLAG} (and {@code --no-flag}) turns any boolean flag off;
 *   <li>one dash works like two for long names: {@code -config=attention_rnn}, {@code -run_dir DIR}.
 * </ul>
 * Arguments that are values of the flag before them are left alone, and so is everything after {@code --}.
 */
final class Spellings {
    /** Magenta's polyphony_rnn scripts and the command that does their job. */
    static final Map<String, String> POLYPHONY_SCRIPTS = Map.of(
            "polyphony_rnn_create_dataset", "create-dataset",
            "polyphony_rnn_train", "train",
            "polyphony_rnn_generate", "generate");

    /**
     * absl's negative form of the flags declared {@code negatable}: {@code --noFLAG} for a snake_case name,
     * {@code --no-flag} for a kebab-case one. The synopsis keeps the plain name; the flag list shows both forms
     * ({@link #negativeSynopsis}). Other boolean flags get the same spellings from {@link #normalize}.
     */
    static final CommandLine.INegatableOptionTransformer ABSL_NEGATION = new CommandLine.INegatableOptionTransformer() {
        @Override
        public String makeNegative(String name, CommandSpec cmd) {
            if (!name.startsWith("--")) {
                return name; // a short name has no negative form
            }
            return (name.indexOf('-', 2) > 0 ? "--no-" : "--no") + name.substring(2);
        }

        @Override
        public String makeSynopsis(String name, CommandSpec cmd) {
            return name;
        }
    };

    /** Magenta's pianoroll_rnn_nade scripts and the command that does their job. */
    static final Map<String, String> PIANOROLL_SCRIPTS = Map.of(
            "pianoroll_rnn_nade_create_dataset", "create-dataset",
            "pianoroll_rnn_nade_train", "train",
            "pianoroll_rnn_nade_generate", "generate");

    private Spellings() {
    }

    /** "--[no]condition_on_primer", "--[no-]condition-on-primer": a negatable flag's two forms in one. */
    static String negativeSynopsis(String name) {
        String negative = ABSL_NEGATION.makeNegative(name, null);
        return negative.equals(name) ? name : "--[" + negative.substring(2, negative.length() - name.length() + 2) + "]"
                + name.substring(2);
    }

    static String[] normalize(CommandLine top, String[] args) {
        List<String> out = new ArrayList<>(List.of(args));
        int commandAt = -1;
        for (int i = 0; i < out.size(); i++) {
            if (!out.get(i).startsWith("-")) {
                commandAt = i;
                break;
            }
        }
        if (commandAt < 0) {
            return args;
        }
        String script = POLYPHONY_SCRIPTS.get(out.get(commandAt));
        if (script != null) {
            out.set(commandAt, script);
            boolean hasConfig = out.stream().anyMatch(a -> a.matches("--?config(=.*)?"));
            if (!hasConfig) {
                out.addAll(commandAt + 1, List.of("--config", "polyphony"));
            }
        }
        String rollScript = PIANOROLL_SCRIPTS.get(out.get(commandAt));
        if (rollScript != null) {
            out.set(commandAt, rollScript);
            boolean hasConfig = out.stream().anyMatch(a -> a.matches("--?config(=.*)?"));
            boolean namesModel = rollScript.equals("generate") && out.stream().anyMatch(
                    a -> a.matches("--?(bundle[_-]file|run[_-]dir)(=.*)?"));
            if (!hasConfig && !namesModel) {
                out.addAll(commandAt + 1, List.of("--config", "pianoroll_rnn_nade"));
            }
        }
        CommandLine sub = top.getSubcommands().get(out.get(commandAt));
        if (sub == null) {
            return out.toArray(String[]::new);
        }
        CommandSpec spec = sub.getCommandSpec();
        List<String> result = new ArrayList<>(out.subList(0, commandAt + 1));
        boolean valueNext = false;
        for (int i = commandAt + 1; i < out.size(); i++) {
            String arg = out.get(i);
            if (arg.equals("--")) {
                result.addAll(out.subList(i, out.size()));
                break;
            }
            if (valueNext) {
                valueNext = false;
                result.add(arg);
                continue;
            }
            arg = twoDashes(spec, arg);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            OptionSpec option = spec.findOption(name);
            if (option == null && !arg.contains("=")) {
                OptionSpec negated = negatedBoolean(spec, arg);
                if (negated != null) {
                    if (negated.arity().max() > 0) {
                        result.add(negated.longestName() + "=false");
                    } else {
                        // a pure switch is off unless given: drop it where it was given before
                        result.removeIf(a -> negated.names().length > 0 && List.of(negated.names()).contains(a));
                    }
                    continue;
                }
            }
            result.add(arg);
            valueNext = option != null && !arg.contains("=") && option.arity().min() > 0;
        }
        return result.toArray(String[]::new);
    }

    /** {@code -config=x} and {@code -run_dir} as absl reads them: a known long flag with one dash. */
    private static String twoDashes(CommandSpec spec, String arg) {
        if (arg.length() < 3 || arg.charAt(0) != '-' || arg.charAt(1) == '-' || !Character.isLetter(arg.charAt(1))) {
            return arg; // not one dash, or a negative number such as -2
        }
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        if (name.length() < 3 || spec.findOption(name) != null) {
            return arg; // a short option such as -h, or a one-dash name picocli knows
        }
        String two = "-" + arg;
        String twoName = "-" + name;
        return spec.findOption(twoName) != null || negatedBoolean(spec, twoName) != null ? two : arg;
    }

    /** The boolean option that {@code --noFLAG} or {@code --no-flag} turns off, or null. */
    private static OptionSpec negatedBoolean(CommandSpec spec, String arg) {
        String flag;
        if (arg.startsWith("--no-")) {
            flag = "--" + arg.substring(5);
        } else if (arg.startsWith("--no")) {
            flag = "--" + arg.substring(4);
        } else {
            return null;
        }
        OptionSpec option = spec.findOption(flag);
        if (option == null || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        Class<?> type = option.type();
        return type == boolean.class || type == Boolean.class ? option : null;
    }
}
