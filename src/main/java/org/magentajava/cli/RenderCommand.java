package org.magentajava.cli;

import org.magentajava.audio.WavRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "render", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Render a MIDI file to a WAV file offline with the JDK's software synthesizer.")
final class RenderCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE.mid", description = "The MIDI file to render.")
    Path file;

    @Option(names = "--output", paramLabel = "F.wav", description = "Output WAV (default: FILE with .wav).")
    Path output;

    @Option(names = "--soundfont", paramLabel = "F.sf2", description = "A SoundFont to play with (default: built-in).")
    Path soundfont;

    @Option(names = {"--sample_rate", "--sample-rate"}, defaultValue = "44100", description = "Samples per second.")
    float sampleRate;

    @Override
    public Integer call() throws Exception {
        Path out = output != null ? output : PlotCommand.defaultOutput(file, ".wav");
        WavRenderer.Options options = WavRenderer.Options.defaults().withSampleRate(sampleRate).withSoundfont(soundfont);
        WavRenderer.Result r = WavRenderer.render(file, out, options);
        System.err.printf(Locale.ROOT, "wrote %s (%.1f s of audio, rendered %.0fx faster than real time)%n", out,
                r.audioSeconds(), r.speed());
        return ExitCodes.OK;
    }
}
