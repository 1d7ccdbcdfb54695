package org.magentajava.poly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.magentajava.melody.Melody;
import org.magentajava.notes.Quantization;
import org.magentajava.proto.NoteSequence;

/**
 * polyphony_rnn's PolyphonicSequence: simultaneous notes as one stream of {@link PolyphonicEvent}s. It opens
 * with START; every quantized step lists its sounding notes, highest pitch first, as CONTINUED_NOTE (held from
 * an earlier step) or NEW_NOTE (attacked here), and closes with STEP_END; the sequence ends with END. A pitch
 * that is not continued at a step ends there.
 *
 * <p>Immutable: the operations Magenta performs in place return a new sequence.
 */
public final class PolyphonicSequence {

    private final int[] events;
    private final long startStep;
    private final int stepsPerQuarter;

    public PolyphonicSequence(int[] events, long startStep, int stepsPerQuarter) {
        for (int e : events) {
            PolyphonicEvent.check(e);
        }
        if (stepsPerQuarter < 1) {
            throw new IllegalArgumentException("steps per quarter must be positive, got " + stepsPerQuarter);
        }
        this.events = events.clone();
        this.startStep = startStep;
        this.stepsPerQuarter = stepsPerQuarter;
    }

    /** The sequence Magenta's constructor makes without a NoteSequence: a lone START. */
    public static PolyphonicSequence empty(int stepsPerQuarter, long startStep) {
        return new PolyphonicSequence(new int[] {PolyphonicEvent.START}, startStep, stepsPerQuarter);
    }

    /**
     * Magenta's _from_quantized_sequence: notes starting before {@code startStep} are ignored, drums and
     * velocities are kept, and steps run from {@code startStep} to the sequence's total_quantized_steps − 1.
     *
     * @throws IllegalArgumentException if the sequence is not quantized relative to tempo
     */
    public static PolyphonicSequence fromQuantized(NoteSequence quantized, long startStep) {
        if (!Quantization.isRelativeQuantized(quantized)) {
            throw new IllegalArgumentException("the NoteSequence is not quantized relative to tempo");
        }
        Map<Long, List<Integer>> starting = new HashMap<>();
        Map<Long, List<Integer>> ending = new HashMap<>();
        for (NoteSequence.Note note : quantized.getNotesList()) {
            if (note.getQuantizedStartStep() < startStep) {
                continue;
            }
            starting.computeIfAbsent(note.getQuantizedStartStep(), k -> new ArrayList<>()).add(note.getPitch());
            ending.computeIfAbsent(note.getQuantizedEndStep(), k -> new ArrayList<>()).add(note.getPitch());
        }
        EventList out = new EventList();
        out.add(PolyphonicEvent.START);
        // A list, not a set: one pitch may sound twice at once.
        List<Integer> active = new ArrayList<>();
        List<Integer> stepEvents = new ArrayList<>();
        for (long step = startStep; step < quantized.getTotalQuantizedSteps(); step++) {
            stepEvents.clear();
            for (int pitch : ending.getOrDefault(step, List.of())) {
                active.remove(Integer.valueOf(pitch));
            }
            for (int pitch : active) {
                stepEvents.add(PolyphonicEvent.continuedNote(pitch));
            }
            for (int pitch : starting.getOrDefault(step, List.of())) {
                active.add(pitch);
                stepEvents.add(PolyphonicEvent.newNote(pitch));
            }
            // Stable sort by descending pitch: a continued note stays before a new one of the same pitch.
            stepEvents.sort((a, b) -> Integer.compare(PolyphonicEvent.pitch(b), PolyphonicEvent.pitch(a)));
            for (int e : stepEvents) {
                out.add(e);
            }
            out.add(PolyphonicEvent.STEP_END);
        }
        out.add(PolyphonicEvent.END);
        return new PolyphonicSequence(out.toArray(), startStep,
                quantized.getQuantizationInfo().getStepsPerQuarter());
    }

    public int[] events() {
        return events.clone();
    }

    public int length() {
        return events.length;
    }

    public int event(int index) {
        return events[index];
    }

    public long startStep() {
        return startStep;
    }

    public int stepsPerQuarter() {
        return stepsPerQuarter;
    }

    /** The number of complete steps: STEP_END events. */
    public int numSteps() {
        return countStepEnds(events, events.length);
    }

    public long endStep() {
        return startStep + numSteps();
    }

    /** The STEP_END events among {@code events[0..length)}. */
    public static int countStepEnds(int[] events, int length) {
        int steps = 0;
        for (int i = 0; i < length; i++) {
            if (events[i] == PolyphonicEvent.STEP_END) {
                steps++;
            }
        }
        return steps;
    }

    /** A copy without trailing END events (to prime generation). */
    public PolyphonicSequence trimTrailingEndEvents() {
        int n = events.length;
        while (n > 0 && events[n - 1] == PolyphonicEvent.END) {
            n--;
        }
        return withEvents(Arrays.copyOf(events, n));
    }

    /**
     * Magenta's set_length: drop trailing ENDs, close an unfinished step with STEP_END, pad with silent steps
     * or cut whole steps off the end, then append END. The result has exactly {@code steps} steps.
     */
    public PolyphonicSequence setLength(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("negative length " + steps);
        }
        EventList out = new EventList(trimTrailingEndEvents().events);
        out.add(PolyphonicEvent.STEP_END);
        int have = countStepEnds(out.array(), out.size());
        if (have < steps) {
            for (int i = have; i < steps; i++) {
                out.add(PolyphonicEvent.STEP_END);
            }
        } else if (have > steps) {
            out = trimSteps(out, have - steps);
        }
        out.add(PolyphonicEvent.END);
        return withEvents(out.toArray());
    }

    /** Magenta's _trim_steps: keep everything up to the STEP_END that leaves {@code n} steps removed. */
    private static EventList trimSteps(EventList list, int n) {
        int[] a = list.array();
        int trimmed = 0;
        for (int i = list.size() - 1; i >= 0; i--) {
            if (a[i] == PolyphonicEvent.STEP_END) {
                if (trimmed == n) {
                    return new EventList(Arrays.copyOf(a, i + 1));
                }
                trimmed++;
            } else if (i == 0) {
                return new EventList(new int[] {PolyphonicEvent.START});
            }
        }
        return new EventList(new int[] {PolyphonicEvent.START});
    }

    /** This sequence followed by {@code more}. */
    public PolyphonicSequence append(int... more) {
        int[] all = Arrays.copyOf(events, events.length + more.length);
        System.arraycopy(more, 0, all, events.length, more.length);
        return new PolyphonicSequence(all, startStep, stepsPerQuarter);
    }

    /**
     * Magenta's to_sequence: a NEW_NOTE opens a note; at each STEP_END (and at a final END) every open pitch
     * that was not continued during that step ends. A START after index 0, an END before the last event and a
     * CONTINUED_NOTE of a pitch that is not sounding are ignored. total_time = (steps − 1) × seconds per step
     * after the start.
     *
     * @param base when given, the notes are added to a copy of it (its first tempo must be {@code qpm});
     *     otherwise a new sequence with one tempo and 220 PPQ
     * @throws IllegalArgumentException when the base's tempo differs or notes are left open (call
     *     {@link #setLength} first)
     */
    public NoteSequence toSequence(int velocity, int instrument, int program, double qpm, NoteSequence base) {
        double secondsPerStep = 60.0 / qpm / stepsPerQuarter;
        double sequenceStartTime = startStep * secondsPerStep;
        NoteSequence.Builder sequence;
        if (base != null) {
            sequence = base.toBuilder();
            if (sequence.getTemposCount() > 0 && sequence.getTempos(0).getQpm() != qpm) {
                throw new IllegalArgumentException("qpm " + qpm + " differs from the base sequence's "
                        + sequence.getTempos(0).getQpm());
            }
        } else {
            sequence = NoteSequence.newBuilder().setTicksPerQuarter(Melody.STANDARD_PPQ);
            sequence.addTemposBuilder().setQpm(qpm);
        }
        long step = 0;
        List<long[]> open = new ArrayList<>(); // {pitch, start step}, in order of attack
        List<Integer> toEnd = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            int e = events[i];
            int type = PolyphonicEvent.type(e);
            if (type == PolyphonicEvent.START || (type == PolyphonicEvent.END && i < events.length - 1)) {
                continue;
            }
            if (type == PolyphonicEvent.TYPE_NEW_NOTE) {
                open.add(new long[] {PolyphonicEvent.pitch(e), step});
            } else if (type == PolyphonicEvent.TYPE_CONTINUED_NOTE) {
                toEnd.remove(Integer.valueOf(PolyphonicEvent.pitch(e)));
            } else {
                for (int k = 0; k < open.size(); k++) {
                    long[] o = open.get(k);
                    if (toEnd.remove(Integer.valueOf((int) o[0]))) {
                        open.remove(k--);
                        sequence.addNotesBuilder()
                                .setStartTime(o[1] * secondsPerStep + sequenceStartTime)
                                .setEndTime(step * secondsPerStep + sequenceStartTime)
                                .setPitch((int) o[0])
                                .setVelocity(velocity)
                                .setInstrument(instrument)
                                .setProgram(program);
                    }
                }
                step++;
                toEnd.clear();
                for (long[] o : open) {
                    toEnd.add((int) o[0]);
                }
            }
        }
        if (!open.isEmpty()) {
            throw new IllegalArgumentException("the sequence ends with notes still sounding; it lacks a final "
                    + "STEP_END (call setLength first)");
        }
        sequence.setTotalTime(secondsPerStep * (step - 1) + sequenceStartTime);
        return sequence.build();
    }

    private PolyphonicSequence withEvents(int[] owned) {
        return new PolyphonicSequence(owned, startStep, stepsPerQuarter);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolyphonicSequence p && Arrays.equals(events, p.events) && startStep == p.startStep
                && stepsPerQuarter == p.stepsPerQuarter;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(events) * 31 + Long.hashCode(startStep);
    }

    /** "START NEW 64 NEW 60 | NEW 67 CONT 64 CONT 60 | ... | END", one "|" per STEP_END. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(" ");
        for (int e : events) {
            j.add(e == PolyphonicEvent.STEP_END ? "|" : PolyphonicEvent.toString(e));
        }
        return j.toString();
    }

    /** A growable int list. */
    static final class EventList {
        private int[] a;
        private int n;

        EventList() {
            a = new int[64];
        }

        EventList(int[] owned) {
            a = owned.length == 0 ? new int[8] : owned;
            n = owned.length;
        }

        void add(int e) {
            if (n == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = e;
        }

        int size() {
            return n;
        }

        int[] array() {
            return a;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
