package org.magentajava.cli;

import org.magentajava.io.IoErrors;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;
import org.magentajava.registry.RecordKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/** Entry point: {@code melody <subcommand> [flags]}. Flags use Magenta's snake_case names; kebab-case works too. */
@Command(name = "melody",
        mixinStandardHelpOptions = true,
        version = "magenta-java 0.1.0",
        description = "Magenta-compatible melody tools: MIDI to NoteSequences, datasets, training, generation.",
        footer = {"", "Flags take Magenta's snake_case names (kebab-case works too), as --flag=value or --flag value; "
                + "-flag works like --flag, and --noflag turns a boolean flag off. Magenta's script names "
                + "(melody_rnn_train, polyphony_rnn_generate, ...) work as commands."})
public final class MelodyCli implements Runnable {
    /** The subcommands, in the order the help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(
            ConvertDirCommand.class,
            ConvertPianorollCommand.class,
            CreateDatasetCommand.class,
            TrainCommand.class,
            GenerateCommand.class,
            SaveBundleCommand.class,
            ImportCommand.class,
            EvaluateCommand.class,
            AnalyzeCommand.class,
            BaselineCommand.class,
            InspectCommand.class,
            PlotCommand.class,
            RenderCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code; used by main and by tests. */
    public static int run(String... args) {
        CommandLine cl = commandLineFor(args);
        try {
            return cl.execute(Spellings.normalize(cl, args));
        } catch (OutOfMemoryError e) {
            // picocli rethrows Errors; a user must still get one line, and a way out
            cl.getErr().println("error: out of memory (" + describe(e) + "); use smaller --hparams, --batch_size or "
                    + "--shuffle_capacity, or give Java more heap, e.g. MELODY_JAVA_OPTS=-Xmx4g");
            cl.getErr().flush();
            return ExitCodes.INTERNAL;
        } catch (Error e) {
            if (System.getenv("MELODY_DEBUG") != null) {
                e.printStackTrace(cl.getErr());
            } else {
                cl.getErr().println("error: " + describe(e) + " (set MELODY_DEBUG=1 for a stack trace)");
            }
            cl.getErr().flush();
            return ExitCodes.INTERNAL;
        }
    }

    /** The whole command tree. */
    public static CommandLine newCommandLine() {
        return newCommandLine(COMMANDS);
    }

    /**
     * The tree that {@code args} need: when they name a subcommand (or a script name of Magenta's), the top command
     * with only that one, since building picocli's model of all of them costs about 0.05 s of CPU, a seventh of a
     * short generate run (BENCHMARKS.md); anything else (help, the version, a misspelt command) gets the whole tree.
     */
    static CommandLine commandLineFor(String[] args) {
        String name = null;
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                name = Spellings.POLYPHONY_SCRIPTS.getOrDefault(arg, arg);
                break;
            }
        }
        for (Class<?> command : COMMANDS) {
            Command c = command.getAnnotation(Command.class);
            if (command != CommandLine.HelpCommand.class
                    && (c.name().equals(name) || Arrays.asList(c.aliases()).contains(name))) {
                return newCommandLine(List.of(command));
            }
        }
        return newCommandLine();
    }

    private static CommandLine newCommandLine(List<Class<?>> commands) {
        CommandLine cl = new CommandLine(new MelodyCli());
        for (Class<?> command : commands) {
            cl.addSubcommand(command);
        }
        cl.setNegatableOptionTransformer(Spellings.ABSL_NEGATION);
        cl.setExecutionExceptionHandler(MelodyCli::handleError);
        cl.setParameterExceptionHandler(MelodyCli::handleParameterError);
        cl.setExecutionStrategy(FlagRanges::execute);
        HelpLayout.install(cl);
        return cl;
    }

    /** The flag that sets a library field: "num_steps" is --num_steps, "primer melody" is --primer_melody. */
    static String flagName(String field) {
        return "--" + field.replace(' ', '_');
    }

    /** A job the library suggests, as the command line that runs it. */
    static String commandLine(RecordKind.Remedy remedy) {
        StringBuilder line = new StringBuilder("scripts/melody ").append(remedy.job());
        for (RecordKind.Remedy.Setting setting : remedy.settings()) {
            line.append(' ').append(flagName(setting.field())).append(' ').append(setting.value());
        }
        return line.toString();
    }

    /** The library's message in the CLI's words: settings as flags, suggested jobs as command lines. */
    static String userMessage(BadInputException e) {
        if (e instanceof BadSettingException setting) {
            return setting.messageNaming(MelodyCli::flagName);
        }
        if (e instanceof RecordKind.WrongKindException wrongKind) {
            return wrongKind.messageWith(MelodyCli::commandLine);
        }
        return e.getMessage();
    }

    /** User errors are one line on stderr; internal errors too, with the trace only when MELODY_DEBUG is set. */
    private static int handleError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (e instanceof CommandLine.ParameterException pe) {
            // a flag combination that a command can only judge once it knows its config
            return handleParameterError(pe, null);
        }
        PrintWriter err = cl.getErr();
        if (e instanceof BadInputException bad) {
            err.println("error: " + userMessage(bad));
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        // The environment, not a bug: disk full, a directory we may not write, a file that vanished.
        IOException io = e instanceof IOException i ? i : e instanceof UncheckedIOException u ? u.getCause() : null;
        if (io != null) {
            if (System.getenv("MELODY_DEBUG") != null) {
                e.printStackTrace(err);
            } else {
                err.println("error: " + (io instanceof java.nio.file.FileSystemException
                        ? IoErrors.describe(io, null) : describe(io)));
            }
            err.flush();
            return ExitCodes.IO_ERROR;
        }
        if (System.getenv("MELODY_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("error: " + describe(e) + " (set MELODY_DEBUG=1 for a stack trace)");
        }
        err.flush();
        return ExitCodes.INTERNAL;
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? "unexpected internal error" : msg;
    }

    private static int handleParameterError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        UsageHints.describe(e, args).forEach(err::println);
        err.println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for the list of flags.");
        err.flush();
        return ExitCodes.USAGE;
    }
}
