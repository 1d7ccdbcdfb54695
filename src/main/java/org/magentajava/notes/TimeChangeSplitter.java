package org.magentajava.notes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.magentajava.proto.NoteSequence;
import org.magentajava.proto.NoteSequence.TextAnnotation.TextAnnotationType;

/**
 * Magenta's TimeChangeSplitter stage: split_note_sequence_on_time_changes with skip_splits_inside_notes=False.
 * Every piece it returns has one tempo and one time signature. Like note_seq, it rebuilds the sequence through
 * subsequence extraction even when there is nothing to split, so pitch bends and non-pedal control changes are
 * always dropped.
 */
public final class TimeChangeSplitter {

    /** Sustain, sostenuto and una corda: the only control changes that survive, with their state carried in. */
    public static final List<Integer> PRESERVED_CONTROL_NUMBERS = List.of(64, 66, 67);

    private TimeChangeSplitter() {
    }

    /** Splits at every real tempo or meter change; an empty list when the sequence has no length. */
    public static List<NoteSequence> split(NoteSequence sequence) {
        // Both kinds share one time line; the stable sort keeps time signatures ahead of tempos at equal times.
        List<Object> changes = new ArrayList<>();
        changes.addAll(sequence.getTimeSignaturesList());
        changes.addAll(sequence.getTemposList());
        changes.sort(Comparator.comparingDouble(TimeChangeSplitter::changeTime));

        int numerator = 4;
        int denominator = 4;
        double qpm = Quantization.DEFAULT_QPM;
        List<Double> splitTimes = new ArrayList<>();
        splitTimes.add(0.0);
        for (Object change : changes) {
            double time = changeTime(change);
            if (!(time < sequence.getTotalTime())) {
                continue;
            }
            if (change instanceof NoteSequence.TimeSignature ts) {
                if (ts.getNumerator() == numerator && ts.getDenominator() == denominator) {
                    continue;
                }
            } else if (((NoteSequence.Tempo) change).getQpm() == qpm) {
                continue;
            }
            if (time > splitTimes.get(splitTimes.size() - 1)) {
                splitTimes.add(time);
            }
            if (change instanceof NoteSequence.TimeSignature ts) {
                numerator = ts.getNumerator();
                denominator = ts.getDenominator();
            } else {
                qpm = ((NoteSequence.Tempo) change).getQpm();
            }
        }
        if (sequence.getTotalTime() > splitTimes.get(splitTimes.size() - 1)) {
            splitTimes.add(sequence.getTotalTime());
        }
        if (splitTimes.size() < 2) {
            return List.of();
        }
        return extractSubsequences(sequence, splitTimes.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double changeTime(Object change) {
        return change instanceof NoteSequence.TimeSignature ts ? ts.getTime() : ((NoteSequence.Tempo) change).getTime();
    }

    /** Port of sequences_lib._extract_subsequences with the default preserved control numbers. */
    static List<NoteSequence> extractSubsequences(NoteSequence sequence, double[] splitTimes) {
        if (Quantization.isQuantized(sequence)) {
            throw new IllegalArgumentException("Can only extract subsequences from unquantized NoteSequence.");
        }
        int pieces = splitTimes.length - 1;
        NoteSequence template = sequence.toBuilder()
                .setTotalTime(0.0)
                .clearNotes().clearTimeSignatures().clearKeySignatures().clearTempos()
                .clearTextAnnotations().clearControlChanges().clearPitchBends()
                .build();
        List<NoteSequence.Builder> subs = new ArrayList<>(pieces);
        for (int i = 0; i < pieces; i++) {
            subs.add(template.toBuilder());
        }

        // Notes go to the piece their start lies in; their end is clamped to the piece.
        List<NoteSequence.Note> notes = new ArrayList<>(sequence.getNotesList());
        notes.sort(Comparator.comparingDouble(NoteSequence.Note::getStartTime));
        int index = -1;
        for (NoteSequence.Note note : notes) {
            if (note.getStartTime() < splitTimes[0]) {
                continue;
            }
            while (index < pieces && note.getStartTime() >= splitTimes[index + 1]) {
                index++;
            }
            if (index == pieces) {
                break;
            }
            double end = Math.min(note.getEndTime(), splitTimes[index + 1]) - splitTimes[index];
            NoteSequence.Builder sub = subs.get(index);
            sub.addNotes(note.toBuilder().setStartTime(note.getStartTime() - splitTimes[index]).setEndTime(end));
            if (end > sub.getTotalTime()) {
                sub.setTotalTime(end);
            }
        }

        // State events: the one in force at a piece's start is inserted at time 0.
        splitStateful(sequence.getTimeSignaturesList(), NoteSequence.TimeSignature::getTime,
                (ts, t) -> ts.toBuilder().setTime(t).build(), splitTimes, subs,
                NoteSequence.Builder::addTimeSignatures);
        splitStateful(sequence.getKeySignaturesList(), NoteSequence.KeySignature::getTime,
                (ks, t) -> ks.toBuilder().setTime(t).build(), splitTimes, subs,
                NoteSequence.Builder::addKeySignatures);
        splitStateful(sequence.getTemposList(), NoteSequence.Tempo::getTime,
                (tempo, t) -> tempo.toBuilder().setTime(t).build(), splitTimes, subs,
                NoteSequence.Builder::addTempos);
        List<NoteSequence.TextAnnotation> chords = new ArrayList<>();
        List<NoteSequence.TextAnnotation> beats = new ArrayList<>();
        for (NoteSequence.TextAnnotation ta : sequence.getTextAnnotationsList()) {
            if (ta.getAnnotationType() == TextAnnotationType.CHORD_SYMBOL) {
                chords.add(ta);
            } else if (ta.getAnnotationType() == TextAnnotationType.BEAT) {
                beats.add(ta);
            }
        }
        splitStateful(chords, NoteSequence.TextAnnotation::getTime, (ta, t) -> ta.toBuilder().setTime(t).build(),
                splitTimes, subs, NoteSequence.Builder::addTextAnnotations);
        splitBeats(beats, splitTimes, subs);
        splitPedals(sequence.getControlChangesList(), splitTimes, subs);

        List<NoteSequence> result = new ArrayList<>(pieces);
        for (int i = 0; i < pieces; i++) {
            NoteSequence.Builder sub = subs.get(i);
            sub.getSubsequenceInfoBuilder()
                    .setStartTimeOffset(splitTimes[i])
                    .setEndTimeOffset(sequence.getTotalTime() - splitTimes[i] - sub.getTotalTime());
            result.add(sub.build());
        }
        return result;
    }

    @FunctionalInterface
    private interface Retimer<T> {
        T withTime(T event, double time);
    }

    @FunctionalInterface
    private interface Adder<T> {
        void add(NoteSequence.Builder builder, T event);
    }

    private static <T> void splitStateful(List<T> events, Function<T, Double> time, Retimer<T> retime,
            double[] splitTimes, List<NoteSequence.Builder> subs, Adder<T> add) {
        int pieces = splitTimes.length - 1;
        List<T> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingDouble(time::apply));
        T previous = null;
        int index = -1;
        for (T event : sorted) {
            double t = time.apply(event);
            if (t <= splitTimes[0]) {
                previous = event;
                continue;
            }
            while (index < pieces && t > splitTimes[index + 1]) {
                index++;
                if (index == pieces) {
                    break;
                }
                if (previous != null) {
                    add.add(subs.get(index), retime.withTime(previous, 0.0));
                }
            }
            if (index == pieces) {
                break;
            }
            // An event exactly on the next boundary belongs to the next piece, as its carried-in state.
            if (t < splitTimes[index + 1]) {
                add.add(subs.get(index), retime.withTime(event, t - splitTimes[index]));
            }
            previous = event;
        }
        while (index < pieces - 1) {
            index++;
            if (previous != null) {
                add.add(subs.get(index), retime.withTime(previous, 0.0));
            }
        }
    }

    private static void splitBeats(List<NoteSequence.TextAnnotation> beats, double[] splitTimes,
            List<NoteSequence.Builder> subs) {
        int pieces = splitTimes.length - 1;
        List<NoteSequence.TextAnnotation> sorted = new ArrayList<>(beats);
        sorted.sort(Comparator.comparingDouble(NoteSequence.TextAnnotation::getTime));
        int index = -1;
        for (NoteSequence.TextAnnotation beat : sorted) {
            if (beat.getTime() < splitTimes[0]) {
                continue;
            }
            while (index < pieces && beat.getTime() >= splitTimes[index + 1]) {
                index++;
            }
            if (index == pieces) {
                break;
            }
            subs.get(index).addTextAnnotations(beat.toBuilder().setTime(beat.getTime() - splitTimes[index]));
        }
    }

    /** Pedal state is kept per (instrument, control number), in first-seen order like a Python dict. */
    private static void splitPedals(List<NoteSequence.ControlChange> controlChanges, double[] splitTimes,
            List<NoteSequence.Builder> subs) {
        int pieces = splitTimes.length - 1;
        List<NoteSequence.ControlChange> pedals = new ArrayList<>();
        for (NoteSequence.ControlChange cc : controlChanges) {
            if (PRESERVED_CONTROL_NUMBERS.contains(cc.getControlNumber())) {
                pedals.add(cc);
            }
        }
        pedals.sort(Comparator.comparingDouble(NoteSequence.ControlChange::getTime));
        Map<List<Integer>, NoteSequence.ControlChange> previous = new LinkedHashMap<>();
        int index = -1;
        for (NoteSequence.ControlChange pedal : pedals) {
            List<Integer> key = List.of(pedal.getInstrument(), pedal.getControlNumber());
            if (pedal.getTime() <= splitTimes[0]) {
                previous.put(key, pedal);
                continue;
            }
            while (index < pieces && pedal.getTime() > splitTimes[index + 1]) {
                index++;
                if (index == pieces) {
                    break;
                }
                for (NoteSequence.ControlChange state : previous.values()) {
                    subs.get(index).addControlChanges(state.toBuilder().setTime(0.0));
                }
            }
            if (index == pieces) {
                break;
            }
            if (pedal.getTime() < splitTimes[index + 1]) {
                subs.get(index).addControlChanges(pedal.toBuilder().setTime(pedal.getTime() - splitTimes[index]));
            }
            previous.put(key, pedal);
        }
        while (index < pieces - 1) {
            index++;
            for (NoteSequence.ControlChange state : previous.values()) {
                subs.get(index).addControlChanges(state.toBuilder().setTime(0.0));
            }
        }
    }
}
