package org.magentajava.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.magentajava.analysis.AnalysisReport.Kind;
import org.magentajava.analysis.AnalysisReport.Row;

/**
 * The polyphonic section of a report: both sets' {@link PolyphonyStatistics} on one grid.
 *
 * @param stepsPerQuarter      the grid
 * @param inputDescription     where the input's pieces came from
 * @param input                the input's statistics
 * @param referenceDescription where the reference's pieces came from
 * @param reference            the reference's statistics
 */
public record PolyphonyReport(int stepsPerQuarter, String inputDescription, PolyphonyStatistics input,
        String referenceDescription, PolyphonyStatistics reference) {

    /** How many chord qualities the table lists: the most common in either set. */
    static final int TABLE_QUALITIES = 6;

    /** The scalar figures, in the table's order (chord qualities apart: {@link #qualityRows}). */
    public List<Row> rows() {
        PolyphonyStatistics a = input;
        PolyphonyStatistics b = reference;
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("pieces", "pieces", a.pieces(), b.pieces(), Kind.COUNT));
        rows.add(new Row("steps", "steps", a.steps(), b.steps(), Kind.COUNT));
        rows.add(new Row("mean_notes_per_step", "notes sounding per step (mean)", a.meanNotesPerStep(),
                b.meanNotesPerStep(), Kind.NUMBER));
        double[] ha = a.notesPerStepShares();
        double[] hb = b.notesPerStepShares();
        for (int i = 0; i < PolyphonyStatistics.HISTOGRAM_BINS; i++) {
            String bin = PolyphonyStatistics.binLabel(i);
            rows.add(new Row("notes_per_step_" + bin, "steps with " + bin + " note" + (i == 1 ? "" : "s"), ha[i],
                    hb[i], Kind.SHARE));
        }
        rows.add(new Row("two_to_four_share", "steps with 2-4 notes", a.twoToFourShare(), b.twoToFourShare(),
                Kind.SHARE));
        rows.add(new Row("in_key_share", "notes in key (major/harmonic minor)", a.inKeyShare(), b.inKeyShare(),
                Kind.SHARE));
        rows.add(new Row("triadic_share", "triadic steps (of 2+ pitch classes)", a.triadicShare(), b.triadicShare(),
                Kind.SHARE));
        rows.add(new Row("partial_change_share", "partial changes (some notes hold)", a.partialChangeShare(),
                b.partialChangeShare(), Kind.SHARE));
        rows.add(new Row("block_change_share", "block changes (all notes move)", a.blockChangeShare(),
                b.blockChangeShare(), Kind.SHARE));
        rows.add(new Row("middle_voice_motion", "middle voice moves (3+ notes)", a.middleVoiceMotion(),
                b.middleVoiceMotion(), Kind.SHARE));
        return rows;
    }

    /** Every chord quality's share of the sounding steps, in {@link ChordQuality} order. */
    public List<Row> qualityRows() {
        double[] qa = input.qualityShares();
        double[] qb = reference.qualityShares();
        List<Row> rows = new ArrayList<>();
        for (ChordQuality q : ChordQuality.values()) {
            rows.add(new Row("chord_" + q.key(), "chord: " + q.label(), qa[q.ordinal()], qb[q.ordinal()],
                    Kind.SHARE));
        }
        return rows;
    }

    /** The {@link #TABLE_QUALITIES} qualities most common in either set, most common first. */
    public List<Row> commonQualityRows() {
        return qualityRows().stream()
                .sorted(Comparator.comparingDouble((Row r) -> -Math.max(finite(r.input()), finite(r.reference()))))
                .limit(TABLE_QUALITIES).toList();
    }

    private static double finite(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    /** The JSON object: the grid, both sets and their differences. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps_per_quarter", stepsPerQuarter);
        m.put("input", setJson(inputDescription, input));
        m.put("reference", setJson(referenceDescription, reference));
        Map<String, Object> diff = new LinkedHashMap<>();
        List<Row> all = new ArrayList<>(rows());
        all.addAll(qualityRows());
        for (Row r : all) {
            if (r.kind() != Kind.COUNT) {
                diff.put(r.key(), r.difference());
            }
        }
        m.put("difference", diff);
        return m;
    }

    private static Map<String, Object> setJson(String description, PolyphonyStatistics s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("description", description);
        m.put("pieces", s.pieces());
        m.put("steps", s.steps());
        m.put("mean_notes_per_step", s.meanNotesPerStep());
        Map<String, Object> histogram = new LinkedHashMap<>();
        double[] shares = s.notesPerStepShares();
        for (int i = 0; i < shares.length; i++) {
            histogram.put(PolyphonyStatistics.binLabel(i), shares[i]);
        }
        m.put("notes_per_step", histogram);
        m.put("two_to_four_share", s.twoToFourShare());
        m.put("notes", s.notes());
        m.put("in_key_share", s.inKeyShare());
        m.put("harmonic_steps", s.harmonicSteps());
        m.put("triadic_share", s.triadicShare());
        Map<String, Object> qualities = new LinkedHashMap<>();
        double[] q = s.qualityShares();
        for (ChordQuality quality : ChordQuality.values()) {
            qualities.put(quality.key(), q[quality.ordinal()]);
        }
        m.put("chord_qualities", qualities);
        m.put("changes", s.changes());
        m.put("partial_change_share", s.partialChangeShare());
        m.put("block_change_share", s.blockChangeShare());
        m.put("middle_voice_pairs", s.middlePairs());
        m.put("middle_voice_motion", s.middleVoiceMotion());
        return m;
    }
}
