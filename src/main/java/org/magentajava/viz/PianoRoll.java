package org.magentajava.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

import org.magentajava.io.AtomicOutput;
import org.magentajava.io.BadSettingException;
import org.magentajava.proto.NoteSequence;

/**
 * Piano-roll pictures of a NoteSequence: time left to right, pitch bottom to top, bars and beats ruled, one
 * colour per instrument, velocity as shade, and the primer greyed out when the generated part's start is given.
 */
public final class PianoRoll {
    /** The picture formats {@link #write} chooses between by file extension. */
    public enum Format { HTML, SVG, PNG }

    private PianoRoll() {}

    /** The laid-out picture, for callers that draw it themselves. */
    public static Scene layout(NoteSequence ns, PianoRollOptions options) {
        return PianoRollLayout.layout(ns, options);
    }

    /** A standalone SVG document with one {@code <rect class="note">} per note, each with a tooltip. */
    public static String svg(NoteSequence ns, PianoRollOptions options) {
        return SvgWriter.svg(layout(ns, options));
    }

    /** A self-contained HTML page (inline SVG, inline CSS, nothing fetched from the network). */
    public static String html(NoteSequence ns, PianoRollOptions options) {
        String title = options.title().isEmpty() ? "Piano roll" : options.title() + " · piano roll";
        return SvgWriter.html(layout(ns, options), title);
    }

    public static BufferedImage image(NoteSequence ns, PianoRollOptions options) {
        return PngWriter.image(layout(ns, options));
    }

    public static byte[] png(NoteSequence ns, PianoRollOptions options) {
        return PngWriter.png(layout(ns, options));
    }

    /** The format for an output path: .html/.htm, .svg or .png, case-insensitive. */
    public static Format formatOf(Path output) {
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            return Format.HTML;
        }
        if (name.endsWith(".svg")) {
            return Format.SVG;
        }
        if (name.endsWith(".png")) {
            return Format.PNG;
        }
        throw new BadSettingException("output", "{output} " + output
                + ": unknown picture format; use .html, .svg or .png");
    }

    /** Writes the picture in the format named by the output's extension; the file appears only when complete. */
    public static Format write(NoteSequence ns, Path output, PianoRollOptions options) throws IOException {
        Format format = formatOf(output);
        AtomicOutput.write(output, bytes(ns, format, options));
        return format;
    }

    /** As {@link #write}, but {@code output} must be a new file: an existing one is kept and this one fails. */
    public static Format writeNew(NoteSequence ns, Path output, PianoRollOptions options) throws IOException {
        Format format = formatOf(output);
        AtomicOutput.writeNew(output, bytes(ns, format, options));
        return format;
    }

    private static byte[] bytes(NoteSequence ns, Format format, PianoRollOptions options) throws IOException {
        byte[] bytes = switch (format) {
            case HTML -> html(ns, options).getBytes(StandardCharsets.UTF_8);
            case SVG -> svg(ns, options).getBytes(StandardCharsets.UTF_8);
            case PNG -> png(ns, options);
        };
        return bytes;
    }
}
