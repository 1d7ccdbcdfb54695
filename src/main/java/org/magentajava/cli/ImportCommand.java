package org.magentajava.cli;

import org.magentajava.bundle.Bundle;
import org.magentajava.importer.ImportedModel;
import org.magentajava.importer.MagentaImport;
import org.magentajava.io.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "import", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Import a Magenta model (a Magenta .mag bundle, a TensorFlow checkpoint prefix or run folder, "
                + "or a magenta-js checkpoint folder) as this project's bundle.")
final class ImportCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "A Magenta .mag, a checkpoint prefix (RUN/train/model.ckpt-N, V1 or V2), a folder with a "
                    + "TensorFlow 'checkpoint' file, or a magenta-js folder (weights_manifest.json).")
    Path input;

    @Option(names = "--config", paramLabel = "NAME",
            description = "The config the model must be (default: the bundle's generator id, else inferred from the "
                    + "variable shapes).")
    String config;

    @Option(names = {"--attn_length", "--attn-length"}, paramLabel = "N",
            description = "Attention length (default: from the metagraph — the .mag's or PREFIX.meta — or "
                    + "config.json's attentionLength, else the config's).")
    Integer attnLength;

    @Option(names = {"--bundle_file", "--bundle-file"}, required = true, paramLabel = "OUT.mag",
            description = "Bundle to write (atomically; an existing file is not overwritten).")
    Path bundleFile;

    @Option(names = {"--bundle_description", "--bundle-description"}, paramLabel = "TEXT",
            description = "A description stored in the bundle (default: where it was imported from).")
    String description;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(bundleFile)) {
            throw new BadInputException(bundleFile + ": already exists; not overwritten");
        }
        long start = System.nanoTime();
        ImportedModel m = MagentaImport.load(input, config, attnLength);
        for (String note : m.notes()) System.err.println("  " + note);
        String text = description != null ? description : "imported from " + input.getFileName();
        Bundle.save(new Bundle(m.config(), m.network(), text), bundleFile);
        System.err.printf(Locale.ROOT, "wrote %s (%s, hparams %s; %.2f s)%n", bundleFile, m.config().name(),
                m.network().hparams(), (System.nanoTime() - start) / 1e9);
        return ExitCodes.OK;
    }
}
