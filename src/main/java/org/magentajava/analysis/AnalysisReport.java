package org.magentajava.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The analysis of a set of melodies beside a reference set: the figures of both, their differences, and the
 * copy check against a training corpus when one was given. Renders as a text table, JSON and HTML.
 *
 * @param input           the analyzed set
 * @param reference       the set it is compared with
 * @param trainingCorpus  what the copy check searched ("" when none)
 * @param repeatCalibration a model's teacher-forced repeat share on the reference melodies, or null
 * @param polyphony       the polyphonic statistics of both sets' whole pieces, or null when not asked for
 */
public record AnalysisReport(SetReport input, SetReport reference, String trainingCorpus,
        RepeatCalibration repeatCalibration, PolyphonyReport polyphony) {

    /**
     * One set's figures.
     *
     * @param description where its melodies came from
     * @param statistics  its statistics
     * @param copies      the copy check, or null without a training corpus
     */
    public record SetReport(String description, SetStatistics statistics, CopyStatistics copies) {
    }

    /** How a figure is printed. */
    public enum Kind {
        COUNT, NUMBER, SHARE
    }

    /** One figure of both sets; {@code key} is its JSON name. */
    public record Row(String key, String label, double input, double reference, Kind kind) {
        public double difference() {
            return input - reference;
        }
    }

    public static AnalysisReport of(SetReport input, SetReport reference, String trainingCorpus) {
        return new AnalysisReport(input, reference, trainingCorpus == null ? "" : trainingCorpus, null, null);
    }

    public AnalysisReport withRepeatCalibration(RepeatCalibration calibration) {
        return new AnalysisReport(input, reference, trainingCorpus, calibration, polyphony);
    }

    public AnalysisReport withPolyphony(PolyphonyReport report) {
        return new AnalysisReport(input, reference, trainingCorpus, repeatCalibration, report);
    }

    /** Total-variation distance between the two note-length distributions. */
    public double noteLengthDistance() {
        return NoteLengths.totalVariation(input.statistics().noteLengthShares(),
                reference.statistics().noteLengthShares());
    }

    /** The scalar figures, in the table's order. */
    public List<Row> rows() {
        SetStatistics a = input.statistics();
        SetStatistics b = reference.statistics();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("melodies", "melodies", a.melodies(), b.melodies(), Kind.COUNT));
        rows.add(new Row("notes", "notes", a.notes(), b.notes(), Kind.COUNT));
        rows.add(new Row("pitch_class_entropy", "pitch-class entropy (bits)", a.pitchClassEntropy(),
                b.pitchClassEntropy(), Kind.NUMBER));
        rows.add(new Row("pitch_range", "pitch range (semitones)", a.pitchRange(), b.pitchRange(), Kind.NUMBER));
        rows.add(new Row("scale_consistency", "scale consistency", a.scaleConsistency(), b.scaleConsistency(),
                Kind.SHARE));
        rows.add(new Row("repeated_pitch_share", "repeated pitch (consecutive notes)", a.repeatedPitchShare(),
                b.repeatedPitchShare(), Kind.SHARE));
        rows.add(new Row("empty_beat_rate", "empty beats (no onset)", a.emptyBeatRate(), b.emptyBeatRate(),
                Kind.SHARE));
        double[] la = a.noteLengthShares();
        double[] lb = b.noteLengthShares();
        for (int i = 0; i < NoteLengths.COUNT; i++) {
            String l = NoteLengths.label(i);
            rows.add(new Row("note_length_" + l, "note length " + NoteLengths.description(i), la[i], lb[i],
                    Kind.SHARE));
        }
        for (int i = 0; i < SetStatistics.LAGS.length; i++) {
            int lag = SetStatistics.LAGS[i];
            rows.add(new Row("bar_repetition_lag_" + lag, "bar = bar " + lag + " bar" + (lag > 1 ? "s" : "")
                    + " earlier", a.barRepetition(i), b.barRepetition(i), Kind.SHARE));
        }
        rows.add(new Row("bar_repetition_any_earlier", "bar = any earlier bar", a.barEqualsAnyEarlier(),
                b.barEqualsAnyEarlier(), Kind.SHARE));
        return rows;
    }

    /** The terminal table: input and reference side by side with their difference. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("input:     ").append(input.description()).append('\n');
        sb.append("reference: ").append(reference.description()).append('\n');
        sb.append(String.format(Locale.ROOT, "%-40s %12s %12s %12s%n", "", "input", "reference", "difference"));
        for (Row r : rows()) {
            sb.append(line(r));
        }
        sb.append(String.format(Locale.ROOT, "%-40s %12s%n", "note-length total variation",
                format(noteLengthDistance(), Kind.NUMBER)));
        if (!trainingCorpus.isEmpty()) {
            sb.append("copy check against ").append(trainingCorpus).append('\n');
            copyLines(sb, "input", input.copies());
            copyLines(sb, "reference", reference.copies());
        }
        if (polyphony != null) {
            sb.append(String.format(Locale.ROOT, "polyphonic statistics, every voice at %d step%s per quarter note:%n",
                    polyphony.stepsPerQuarter(), polyphony.stepsPerQuarter() == 1 ? "" : "s"));
            sb.append("  input:     ").append(polyphony.inputDescription()).append('\n');
            sb.append("  reference: ").append(polyphony.referenceDescription()).append('\n');
            List<Row> rows = new ArrayList<>(polyphony.rows());
            rows.addAll(polyphony.commonQualityRows());
            for (Row r : rows) {
                sb.append(line(r));
            }
        }
        if (repeatCalibration != null) {
            sb.append(String.format(Locale.ROOT, "teacher-forced repeat share of %s on the reference: model %.1f%%, "
                    + "data %.1f%% (%d steps of %d melodies)%n", repeatCalibration.model(),
                    100 * repeatCalibration.modelShare(), 100 * repeatCalibration.dataShare(),
                    repeatCalibration.steps(), repeatCalibration.melodies()));
        }
        return sb.toString();
    }

    private static String line(Row r) {
        return String.format(Locale.ROOT, "%-40s %12s %12s %12s%n", r.label(), format(r.input(), r.kind()),
                format(r.reference(), r.kind()), r.kind() == Kind.COUNT ? "" : difference(r));
    }

    private static void copyLines(StringBuilder sb, String name, CopyStatistics copies) {
        if (copies == null || copies.runs().isEmpty()) {
            return;
        }
        CopiedRun longest = copies.longestInBars();
        sb.append(String.format(Locale.ROOT, "  %-10s longest copied run %d notes, %.2f bars: %s from %s "
                + "(transposed %+d); mean longest run %.1f notes; %d of %d melodies copy %.0f bars or more%n",
                name, longest.notes(), longest.bars(), longest.melody(), longest.tune().isEmpty() ? "-"
                        : longest.tune(), longest.transposition(), copies.meanNotes(), copies.longCopies(),
                copies.runs().size(), CopyStatistics.LONG_COPY_BARS));
    }

    static String format(double v, Kind kind) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return switch (kind) {
            case COUNT -> String.format(Locale.ROOT, "%d", Math.round(v));
            case NUMBER -> String.format(Locale.ROOT, "%.3f", v);
            case SHARE -> String.format(Locale.ROOT, "%.1f%%", 100 * v);
        };
    }

    private static String difference(Row r) {
        double d = r.difference();
        if (Double.isNaN(d)) {
            return "-";
        }
        return r.kind() == Kind.SHARE ? String.format(Locale.ROOT, "%+.1f pts", 100 * d)
                : String.format(Locale.ROOT, "%+.3f", d);
    }

    /** The report as a JSON document (see the README for its fields). */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("input", setJson(input));
        root.put("reference", setJson(reference));
        Map<String, Object> diff = new LinkedHashMap<>();
        for (Row r : rows()) {
            if (r.kind() != Kind.COUNT) {
                diff.put(r.key(), r.difference());
            }
        }
        root.put("difference", diff);
        root.put("note_length_tv_distance", noteLengthDistance());
        root.put("training_corpus", trainingCorpus.isEmpty() ? null : trainingCorpus);
        if (repeatCalibration != null) {
            Map<String, Object> tf = new LinkedHashMap<>();
            tf.put("model", repeatCalibration.model());
            tf.put("model_repeat_share", repeatCalibration.modelShare());
            tf.put("data_repeat_share", repeatCalibration.dataShare());
            tf.put("steps", repeatCalibration.steps());
            tf.put("melodies", repeatCalibration.melodies());
            root.put("teacher_forced_repeats", tf);
        }
        if (polyphony != null) {
            root.put("polyphony", polyphony.toJson());
        }
        return Json.write(root);
    }

    private static Map<String, Object> setJson(SetReport set) {
        SetStatistics s = set.statistics();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("description", set.description());
        m.put("melodies", s.melodies());
        m.put("notes", s.notes());
        m.put("pitch_class_entropy", s.pitchClassEntropy());
        m.put("pitch_range", s.pitchRange());
        m.put("scale_consistency", s.scaleConsistency());
        m.put("repeated_pitch_share", s.repeatedPitchShare());
        m.put("empty_beat_rate", s.emptyBeatRate());
        Map<String, Object> lengths = new LinkedHashMap<>();
        double[] shares = s.noteLengthShares();
        for (int i = 0; i < NoteLengths.COUNT; i++) {
            lengths.put(NoteLengths.label(i), shares[i]);
        }
        m.put("note_lengths", lengths);
        Map<String, Object> bars = new LinkedHashMap<>();
        for (int i = 0; i < SetStatistics.LAGS.length; i++) {
            bars.put("lag_" + SetStatistics.LAGS[i], s.barRepetition(i));
        }
        bars.put("any_earlier", s.barEqualsAnyEarlier());
        m.put("bar_repetition", bars);
        List<Object> degrees = new ArrayList<>();
        for (double d : s.scaleDegreeShares()) {
            degrees.add(d);
        }
        m.put("scale_degrees", degrees);
        if (set.copies() != null) {
            m.put("copies", copiesJson(set.copies()));
        }
        return m;
    }

    private static Map<String, Object> copiesJson(CopyStatistics copies) {
        Map<String, Object> m = new LinkedHashMap<>();
        CopiedRun longest = copies.longestInBars();
        m.put("longest", longest == null ? null : runJson(longest));
        m.put("mean_longest_notes", copies.meanNotes());
        m.put("mean_longest_bars", copies.meanBars());
        m.put("melodies_with_long_copy", copies.longCopies());
        m.put("long_copy_bars", CopyStatistics.LONG_COPY_BARS);
        m.put("per_melody", copies.runs().stream().map(r -> (Object) runJson(r)).toList());
        return m;
    }

    private static Map<String, Object> runJson(CopiedRun r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("melody", r.melody());
        m.put("notes", r.notes());
        m.put("bars", r.bars());
        m.put("steps", r.steps());
        m.put("tune", r.tune().isEmpty() ? null : r.tune());
        m.put("melody_note", r.melodyNote());
        m.put("tune_note", r.tuneNote());
        m.put("transposition", r.transposition());
        return m;
    }
}
