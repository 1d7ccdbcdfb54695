package org.magentajava.viz;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.magentajava.proto.NoteSequence;
import org.magentajava.viz.Scene.Anchor;
import org.magentajava.viz.Scene.Line;
import org.magentajava.viz.Scene.Rect;
import org.magentajava.viz.Scene.Shape;
import org.magentajava.viz.Scene.Text;

/** Lays a NoteSequence out as a {@link Scene}: header, pitch axis, bar/beat grid, notes, time axis, legend. */
final class PianoRollLayout {
    // Tableau 10: distinct, colour-blind-friendlier hues that stay readable when lightened for soft notes.
    private static final Color[] PALETTE = {
        rgb(0x4E79A7), rgb(0xF28E2B), rgb(0x59A14F), rgb(0xE15759), rgb(0x76B7B2),
        rgb(0xEDC948), rgb(0xB07AA1), rgb(0xFF9DA7), rgb(0x9C755F), rgb(0xBAB0AC),
    };
    private static final Color INK = rgb(0x2B2F36);
    private static final Color MUTED = rgb(0x6B7380);
    private static final Color FAINT = rgb(0xA3AAB5);
    private static final Color BLACK_KEY_ROW = rgb(0xF0F2F5);
    private static final Color OCTAVE_LINE = rgb(0xD3D8DF);
    private static final Color BEAT_LINE = rgb(0xE4E7EC);
    private static final Color BAR_LINE = rgb(0x98A1AE);
    private static final Color PRIMER_TINT = new Color(0x8A, 0x93, 0xA3, 22);
    private static final Color PRIMER_GREY = rgb(0xA7ADB7);
    private static final Color DIVIDER = rgb(0x3D4654);

    private static final int MARGIN = 16;
    private static final int GUTTER = 40;
    private static final int HEADER = 50;
    private static final int DIVIDER_LABELS = 18;
    private static final int BAR_LABELS = 16;
    private static final int TIME_AXIS = 22;
    private static final int LEGEND_ROW = 20;
    private static final int MIN_ROLL_WIDTH = 480;
    private static final int DEFAULT_VELOCITY = 100;

    /** Notes sharing a colour: one General MIDI instrument on one Magenta instrument track. */
    private record Voice(int instrument, int program, boolean drum) {
        String label() {
            return drum ? "Drums (instrument " + instrument + ")"
                    : "Instrument " + instrument + " · " + org.magentajava.midi.GeneralMidi.programName(program);
        }
    }

    private PianoRollLayout() {}

    static Scene layout(NoteSequence ns, PianoRollOptions opt) {
        // Notes with non-finite times cannot be placed; drawing them would wreck the scale for the rest.
        List<NoteSequence.Note> notes = ns.getNotesList().stream()
                .filter(n -> Double.isFinite(n.getStartTime()) && Double.isFinite(n.getEndTime()))
                .toList();
        TimeGrid grid = new TimeGrid(ns);
        boolean primer = opt.hasGeneratedStart();

        double contentEnd = Math.max(Double.isFinite(ns.getTotalTime()) ? ns.getTotalTime() : 0,
                notes.stream().mapToDouble(NoteSequence.Note::getEndTime).max().orElse(0));
        if (primer) {
            contentEnd = Math.max(contentEnd, opt.generatedStart());
        }
        List<TimeGrid.Beat> beats = grid.beats(Math.max(contentEnd, 1e-3));
        double end = beats.get(beats.size() - 1).time();
        int bars = beats.get(beats.size() - 1).bar() - 1;

        // Pitch range: the notes plus a little air, at least two octaves so a short motif is not a smear.
        int lo = notes.stream().mapToInt(NoteSequence.Note::getPitch).min().orElse(60) - 3;
        int hi = notes.stream().mapToInt(NoteSequence.Note::getPitch).max().orElse(72) + 3;
        while (hi - lo + 1 < 24) {
            lo--;
            hi++;
        }
        lo = Math.max(0, lo);
        hi = Math.min(127, hi);
        int rows = hi - lo + 1;
        int rowH = opt.rowHeight() > 0 ? opt.rowHeight() : Math.max(6, Math.min(14, Math.round(560f / rows)));

        double pps = opt.pixelsPerSecond() > 0 ? opt.pixelsPerSecond() : 48 * grid.initialQpm() / 60.0;
        if (opt.pixelsPerSecond() <= 0 && end * pps < MIN_ROLL_WIDTH) {
            pps = MIN_ROLL_WIDTH / end;
        }
        int maxRoll = opt.maxWidth() - 2 * MARGIN - GUTTER;
        if (end * pps > maxRoll) {
            pps = maxRoll / end;
        }
        int rollW = (int) Math.ceil(end * pps);
        int rollH = rows * rowH;

        Map<Voice, Color> voices = voiceColours(notes);
        int width = 2 * MARGIN + GUTTER + rollW;
        List<List<LegendItem>> legendRows = legendRows(voices, primer, width - 2 * MARGIN);

        double rollX = MARGIN + GUTTER;
        double rollY = MARGIN + HEADER + (primer ? DIVIDER_LABELS : 0) + BAR_LABELS;
        int height = (int) rollY + rollH + TIME_AXIS + 8 + legendRows.size() * LEGEND_ROW + MARGIN;

        List<Shape> s = new ArrayList<>();
        header(s, opt, grid, notes, contentEnd, bars);

        // Black-key rows shaded and octave boundaries ruled, so the eye can find pitches without the labels.
        for (int p = lo; p <= hi; p++) {
            double y = rollY + (hi - p) * rowH;
            if (PitchNames.isBlackKey(p)) {
                s.add(new Rect(rollX, y, rollW, rowH, BLACK_KEY_ROW, null, 0, "row", null));
            }
            if (p % 12 == 0 && p != lo) {
                s.add(new Line(rollX, y + rowH, rollX + rollW, y + rowH, OCTAVE_LINE, 1, false));
            }
        }
        double gx = primer ? rollX + opt.generatedStart() * pps : 0;
        if (primer) {
            s.add(new Rect(rollX, rollY, gx - rollX, rollH, PRIMER_TINT, null, 0, "primer", null));
        }

        // Beat lines only where they are far enough apart to read. When bars are crowded, only every 2nd, 4th,
        // ... bar line is drawn strong and numbered (powers of two follow phrase structure); the rest go faint.
        double beatGap = minGap(beats, false) * pps;
        double barGap = minGap(beats, true) * pps;
        int every = 1;
        while (every * barGap < 28 && every < 1 << 16) {
            every *= 2;
        }
        for (TimeGrid.Beat b : beats) {
            double x = rollX + b.time() * pps;
            boolean strong = b.barStart() && (b.bar() - 1) % every == 0;
            boolean lastLine = b == beats.get(beats.size() - 1);
            if (strong || lastLine) {
                s.add(new Line(x, rollY, x, rollY + rollH, BAR_LINE, 1, false));
                if (!lastLine) {
                    s.add(new Text(x + 3, rollY - 4, String.valueOf(b.bar()), 10, MUTED, Anchor.START, false));
                }
            } else if (b.barStart() ? barGap >= 5 : beatGap >= 6) {
                s.add(new Line(x, rollY, x, rollY + rollH, b.barStart() ? OCTAVE_LINE : BEAT_LINE, 1, false));
            }
        }

        // Notes in time order so later notes sit on top of held ones.
        List<NoteSequence.Note> sorted = new ArrayList<>(notes);
        sorted.sort(Comparator.comparingDouble(NoteSequence.Note::getStartTime));
        for (NoteSequence.Note n : sorted) {
            if (n.getPitch() < lo || n.getPitch() > hi) {
                continue;
            }
            Voice v = voiceOf(n);
            boolean isPrimer = primer && n.getStartTime() < opt.generatedStart() - 1e-6;
            int vel = velocity(n);
            Color base = voices.get(v);
            Color fill = mix(base, Color.WHITE, 0.72 * (1 - vel / 127.0));
            Color stroke = mix(base, Color.BLACK, 0.3);
            if (isPrimer) {
                fill = mix(fill, PRIMER_GREY, 0.6);
                stroke = mix(stroke, PRIMER_GREY, 0.6);
            }
            double x = rollX + n.getStartTime() * pps;
            // A one-pixel gap keeps repeated notes on one pitch visibly separate.
            double w = Math.max(2, (n.getEndTime() - n.getStartTime()) * pps - 1);
            double y = rollY + (hi - n.getPitch()) * rowH + 1;
            s.add(new Rect(x, y, w, rowH - 2, fill, stroke, Math.min(3, rowH / 4.0), "note",
                    tooltip(n, v, vel, isPrimer)));
        }
        s.add(new Rect(rollX, rollY, rollW, rollH, new Color(0, 0, 0, 0), BAR_LINE, 0, "frame", null));

        if (primer) {
            double top = rollY - BAR_LABELS - DIVIDER_LABELS + 4;
            s.add(new Line(gx, top, gx, rollY + rollH, DIVIDER, 1.5, true));
            s.add(new Text(gx - 6, top + 10, "primer", 11, MUTED, Anchor.END, false));
            s.add(new Text(gx + 6, top + 10, "generated", 11, DIVIDER, Anchor.START, true));
        }

        pitchAxis(s, lo, hi, rowH, rollY);
        timeAxis(s, end, pps, rollX, rollY + rollH);
        legend(s, legendRows, rollY + rollH + TIME_AXIS + 8);
        return new Scene(width, height, Color.WHITE, s);
    }

    private static void header(List<Shape> s, PianoRollOptions opt, TimeGrid grid, List<NoteSequence.Note> notes,
                               double duration, int bars) {
        String title = opt.title().isEmpty() ? "Piano roll" : opt.title();
        s.add(new Text(MARGIN, MARGIN + 16, title, 16, INK, Anchor.START, true));
        String tempo = grid.minQpm() == grid.maxQpm()
                ? fmt(grid.initialQpm()) + " qpm"
                : fmt(grid.minQpm()) + "–" + fmt(grid.maxQpm()) + " qpm";
        StringBuilder stats = new StringBuilder()
                .append(clock(duration)).append("  ·  ")
                .append(bars).append(bars == 1 ? " bar" : " bars").append("  ·  ")
                .append(notes.size()).append(notes.size() == 1 ? " note" : " notes").append("  ·  ")
                .append(tempo).append("  ·  ").append(grid.initialMeter());
        if (!notes.isEmpty()) {
            int min = notes.stream().mapToInt(NoteSequence.Note::getPitch).min().getAsInt();
            int max = notes.stream().mapToInt(NoteSequence.Note::getPitch).max().getAsInt();
            stats.append("  ·  ").append(PitchNames.name(min)).append("–").append(PitchNames.name(max));
        }
        if (opt.hasGeneratedStart()) {
            stats.append("  ·  generated from ").append(clock(opt.generatedStart()));
        }
        s.add(new Text(MARGIN, MARGIN + 36, stats.toString(), 12, MUTED, Anchor.START, false));
    }

    private static void pitchAxis(List<Shape> s, int lo, int hi, int rowH, double rollY) {
        boolean everyRow = rowH >= 11;
        double size = Math.min(10, rowH - 1);
        for (int p = lo; p <= hi; p++) {
            boolean c = p % 12 == 0;
            if (!everyRow && !c) {
                continue;
            }
            double y = rollY + (hi - p) * rowH + rowH / 2.0 + size * 0.36;
            s.add(new Text(MARGIN + GUTTER - 6, y, PitchNames.name(p), c ? Math.max(size, 9) : size,
                    c ? INK : FAINT, Anchor.END, c));
        }
    }

    private static void timeAxis(List<Shape> s, double end, double pps, double rollX, double y) {
        double[] steps = {0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600};
        double step = steps[steps.length - 1];
        for (double candidate : steps) {
            if (candidate * pps >= 56) {
                step = candidate;
                break;
            }
        }
        for (int i = 0; i * step <= end + 1e-9; i++) {
            double x = rollX + i * step * pps;
            s.add(new Line(x, y, x, y + 4, FAINT, 1, false));
            // First and last labels are aligned inwards so they stay inside the picture.
            Anchor anchor = i == 0 ? Anchor.START : (end - i * step) * pps < 20 ? Anchor.END : Anchor.MIDDLE;
            s.add(new Text(x, y + 16, clock(i * step), 10, MUTED, anchor, false));
        }
    }

    private record LegendItem(Color colour, String label, double width) {}

    private static List<List<LegendItem>> legendRows(Map<Voice, Color> voices, boolean primer, double maxWidth) {
        List<LegendItem> items = new ArrayList<>();
        voices.forEach((v, c) -> items.add(item(c, v.label())));
        Color first = voices.isEmpty() ? PALETTE[0] : voices.values().iterator().next();
        items.add(item(null, "velocity"));
        if (primer) {
            items.add(item(mix(first, PRIMER_GREY, 0.6), "primer (given)"));
        }
        List<List<LegendItem>> rows = new ArrayList<>();
        List<LegendItem> row = new ArrayList<>();
        double used = 0;
        for (LegendItem it : items) {
            if (!row.isEmpty() && used + it.width() > maxWidth) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            row.add(it);
            used += it.width();
        }
        rows.add(row);
        return rows;
    }

    private static LegendItem item(Color c, String label) {
        // SVG text cannot be measured here; 6.6 px per character is a safe estimate at 11 px sans-serif.
        double swatch = c == null ? 5 * 9 + 6 : 20;
        return new LegendItem(c, label, swatch + label.length() * 6.6 + 22);
    }

    private static void legend(List<Shape> s, List<List<LegendItem>> rows, double top) {
        for (int r = 0; r < rows.size(); r++) {
            double x = MARGIN;
            double y = top + r * LEGEND_ROW;
            for (LegendItem it : rows.get(r)) {
                double tx;
                if (it.colour() == null) {
                    // Velocity ramp: the shading notes get from soft (left) to loud (right).
                    for (int i = 0; i < 5; i++) {
                        int vel = 16 + i * 27;
                        s.add(new Rect(x + i * 9, y, 9, 11, mix(PALETTE[0], Color.WHITE, 0.72 * (1 - vel / 127.0)),
                                null, 0, "legend", null));
                    }
                    tx = x + 5 * 9 + 6;
                } else {
                    s.add(new Rect(x, y, 14, 11, it.colour(), mix(it.colour(), Color.BLACK, 0.3), 2, "legend",
                            null));
                    tx = x + 20;
                }
                s.add(new Text(tx, y + 9.5, it.label(), 11, MUTED, Anchor.START, false));
                x += it.width();
            }
        }
    }

    private static Map<Voice, Color> voiceColours(List<NoteSequence.Note> notes) {
        Map<Voice, Color> out = new LinkedHashMap<>();
        notes.stream().map(PianoRollLayout::voiceOf).distinct()
                .sorted(Comparator.comparingInt(Voice::instrument).thenComparingInt(Voice::program)
                        .thenComparing(Voice::drum))
                .forEach(v -> out.put(v, PALETTE[out.size() % PALETTE.length]));
        return out;
    }

    private static Voice voiceOf(NoteSequence.Note n) {
        return new Voice(n.getInstrument(), n.getProgram(), n.getIsDrum());
    }

    /**
     * The shortest beat (or bar) in seconds: tempo and meter changes make them unequal, and lines and labels must
     * fit the tightest ones.
     */
    private static double minGap(List<TimeGrid.Beat> beats, boolean barsOnly) {
        double min = Double.POSITIVE_INFINITY, last = Double.NaN;
        for (TimeGrid.Beat b : beats) {
            if (b.barStart() || !barsOnly) {
                if (!Double.isNaN(last)) {
                    min = Math.min(min, b.time() - last);
                }
                last = b.time();
            }
        }
        return Double.isFinite(min) ? min : 0;
    }

    /** Velocity 0 is proto3's "unset", not a silent note; draw it at a typical loudness. */
    private static int velocity(NoteSequence.Note n) {
        int v = n.getVelocity();
        return v <= 0 ? DEFAULT_VELOCITY : Math.min(127, v);
    }

    private static String tooltip(NoteSequence.Note n, Voice v, int vel, boolean isPrimer) {
        return String.format(Locale.ROOT, "%s (%d) · start %.3f s · duration %.3f s · velocity %d · %s%s",
                PitchNames.name(n.getPitch()), n.getPitch(), n.getStartTime(), n.getEndTime() - n.getStartTime(),
                vel, v.label(), isPrimer ? " · primer" : "");
    }

    static String clock(double seconds) {
        long tenths = Math.round(seconds * 10);
        long whole = tenths / 10;
        String base = String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
        return tenths % 10 != 0 ? base + "." + tenths % 10 : base;
    }

    private static String fmt(double v) {
        return Math.abs(v - Math.rint(v)) < 0.05 ? String.valueOf((long) Math.rint(v))
                : String.format(Locale.ROOT, "%.1f", v);
    }

    static Color mix(Color a, Color b, double t) {
        t = Math.max(0, Math.min(1, t));
        return new Color(
                (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t),
                a.getAlpha());
    }

    private static Color rgb(int hex) {
        return new Color(hex);
    }
}
