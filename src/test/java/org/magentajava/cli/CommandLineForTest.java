package org.magentajava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A command line names one subcommand: only that one is built, and it is the same as in the whole tree. */
class CommandLineForTest {

    @Test
    void eachSubcommandAndAliasBuildsOnlyItselfWithTheSameHelp() {
        CommandLine whole = MelodyCli.newCommandLine();
        int checked = 0;
        for (Map.Entry<String, CommandLine> e : whole.getSubcommands().entrySet()) {
            String name = e.getKey();
            CommandLine lazy = MelodyCli.commandLineFor(new String[] {"-x", name, "--flag"});
            if (name.equals("help")) {
                assertEquals(whole.getSubcommands().keySet(), lazy.getSubcommands().keySet(), "help gets every command");
                continue;
            }
            String main = e.getValue().getCommandName();
            List<String> names = new ArrayList<>(List.of(main));
            names.addAll(List.of(e.getValue().getCommandSpec().aliases()));
            assertEquals(names, new ArrayList<>(lazy.getSubcommands().keySet()), name);
            assertEquals(e.getValue().getUsageMessage(), lazy.getSubcommands().get(name).getUsageMessage(), name);
            checked++;
        }
        assertEquals(whole.getSubcommands().size() - 1, checked);
        assertEquals(23, checked, "13 commands and 10 aliases");
    }

    @Test
    void magentasPolyphonyScriptNamesAndEverythingElse() {
        assertEquals(List.of("generate", "melody_rnn_generate", "polyphony_rnn_generate", "pianoroll_rnn_nade_generate"),
                new ArrayList<>(MelodyCli.commandLineFor(new String[] {"polyphony_rnn_generate"}).getSubcommands()
                        .keySet()));
        int all = MelodyCli.newCommandLine().getSubcommands().size();
        for (String[] args : new String[][] {{}, {"--help"}, {"-V"}, {"genrate"}, {"help", "generate"}}) {
            assertEquals(all, MelodyCli.commandLineFor(args).getSubcommands().size(), String.join(" ", args));
        }
    }
}
