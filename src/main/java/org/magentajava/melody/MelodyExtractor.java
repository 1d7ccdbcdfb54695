package org.magentajava.melody;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.magentajava.io.BadInputException;
import org.magentajava.notes.Quantization;
import org.magentajava.pipeline.Histogram;
import org.magentajava.proto.NoteSequence;

/** Monophonic melody extraction from a quantized NoteSequence: note_seq's from_quantized_sequence and
 * magenta's extract_melodies, with the same statistics. */
public final class MelodyExtractor {

    public static final String POLYPHONIC_TRACKS_DISCARDED = "polyphonic_tracks_discarded";
    public static final String TOO_SHORT = "melodies_discarded_too_short";
    public static final String TOO_FEW_PITCHES = "melodies_discarded_too_few_pitches";
    public static final String TOO_LONG = "melodies_discarded_too_long";
    public static final String TRUNCATED = "melodies_truncated";
    public static final String LENGTHS_IN_BARS = "melody_lengths_in_bars";
    /** Set by Magenta's MelodyExtractor stage instead of all the above when the bar is not whole steps. */
    public static final String NON_INTEGER_STEPS_PER_BAR = "non_integer_steps_per_bar";
    /**
     * Longest melody extracted: a million 16th-note steps is 34 hours at 120 qpm. A few hundred bytes of MIDI or
     * NoteSequence (a tempo of 60,000,000 qpm, a note ending at 1e300 s) could otherwise claim billions of steps;
     * Magenta would build them all before truncating to max_steps_truncate, here it is a per-sequence error.
     */
    public static final int MAX_MELODY_STEPS = 1_000_000;

    /**
     * The melodies kept, in Magenta's order (instruments ascending, then time), the five counters in Magenta's
     * order (zeros included) and the length histogram.
     */
    public record Result(List<Melody> melodies, Map<String, Long> counters, Histogram lengthsInBars) {
    }

    private MelodyExtractor() {
    }

    /**
     * note_seq's Melody.from_quantized_sequence. Returns an empty melody (start step 0) when the instrument has
     * no usable note at or after {@code searchStartStep}.
     *
     * @throws NonIntegerStepsPerBarException when the time signature gives a fractional bar
     * @throws PolyphonicMelodyException when two notes start together and polyphony is not ignored
     */
    public static Melody fromQuantizedSequence(NoteSequence quantized, long searchStartStep, int instrument,
            double gapBars, boolean ignorePolyphonicNotes, boolean padEnd, boolean filterDrums) {
        List<NoteSequence.Note> sorted = sortedNotes(quantized, instrument);
        return fromSortedNotes(quantized, sorted.subList(firstAtOrAfter(sorted, searchStartStep), sorted.size()),
                searchStartStep, instrument, gapBars, ignorePolyphonicNotes, padEnd, filterDrums);
    }

    /** Start ascending, then pitch descending, so the highest of simultaneous notes comes first (a stable sort). */
    private static final Comparator<NoteSequence.Note> ORDER = Comparator
            .comparingLong(NoteSequence.Note::getQuantizedStartStep)
            .thenComparing(Comparator.comparingInt(NoteSequence.Note::getPitch).reversed());

    /** The instrument's notes in {@link #ORDER}. */
    private static List<NoteSequence.Note> sortedNotes(NoteSequence quantized, int instrument) {
        List<NoteSequence.Note> notes = new ArrayList<>();
        for (NoteSequence.Note n : quantized.getNotesList()) {
            if (n.getInstrument() == instrument) {
                notes.add(n);
            }
        }
        notes.sort(ORDER);
        return notes;
    }

    /** Index of the first note of {@code sorted} that starts at or after {@code step}. */
    private static int firstAtOrAfter(List<NoteSequence.Note> sorted, long step) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).getQuantizedStartStep() < step) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * from_quantized_sequence over {@code notes}: the instrument's notes starting at or after
     * {@code searchStartStep}, already in {@link #ORDER}. Sorting once per instrument, rather than once per melody
     * as note_seq does, keeps a sequence of many short melodies linear instead of quadratic.
     */
    private static Melody fromSortedNotes(NoteSequence quantized, List<NoteSequence.Note> notes, long searchStartStep,
            int instrument, double gapBars, boolean ignorePolyphonicNotes, boolean padEnd, boolean filterDrums) {
        int stepsPerBar = integerStepsPerBar(quantized);
        int stepsPerQuarter = quantized.getQuantizationInfo().getStepsPerQuarter();
        if (notes.isEmpty()) {
            return Melody.empty(stepsPerQuarter, stepsPerBar);
        }

        // The melody starts on the bar line (counted from searchStartStep) before its first note. The first
        // note is taken before the drum and velocity filters, as in note_seq.
        long firstStart = notes.get(0).getQuantizedStartStep();
        long melodyStart = firstStart - Math.floorMod(firstStart - searchStartStep, (long) stepsPerBar);

        EventBuffer melody = new EventBuffer();
        long lastOn = -1;
        long lastOff = -1;
        for (NoteSequence.Note note : notes) {
            if (filterDrums && note.getIsDrum() || note.getVelocity() == 0) {
                continue;
            }
            long start = note.getQuantizedStartStep() - melodyStart;
            long end = note.getQuantizedEndStep() - melodyStart;
            if (melody.length > 0) {
                long onDistance = start - lastOn;
                long offDistance = start - lastOff;
                if (onDistance == 0) {
                    if (ignorePolyphonicNotes) {
                        continue; // the higher pitch is already in place
                    }
                    throw new PolyphonicMelodyException("notes of instrument " + instrument + " start together at step "
                            + note.getQuantizedStartStep());
                } else if (onDistance < 0) {
                    throw new PolyphonicMelodyException("Unexpected note. Not in ascending order.");
                }
                if (offDistance >= gapBars * stepsPerBar) {
                    break;
                }
            }
            melody.addNote(note.getPitch(), start, end);
            // After adding, the newest pitch is at start and the first NOTE_OFF after it at end.
            lastOn = start;
            lastOff = end;
        }
        if (melody.length == 0) {
            return Melody.empty(stepsPerQuarter, stepsPerBar);
        }
        // The final NOTE_OFF is implied by the end of the melody.
        melody.length--;
        int length = melody.length;
        if (padEnd) {
            length += Math.floorMod(-melody.length, stepsPerBar);
        }
        int[] events = Melody.resized(melody.events, melody.length, length);
        return Melody.wrap(events, melodyStart, stepsPerQuarter, stepsPerBar);
    }

    /**
     * magenta's extract_melodies: searches every instrument for melodies separated by gaps, and filters them.
     *
     * @throws NonIntegerStepsPerBarException when the sequence has notes and a fractional bar
     */
    public static Result extractMelodies(NoteSequence quantized, ExtractionParams params) {
        if (!Quantization.isRelativeQuantized(quantized)) {
            throw new IllegalArgumentException("NoteSequence " + quantized.getId()
                    + " is not quantized or is quantized based on absolute timing.");
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        for (String name : List.of(POLYPHONIC_TRACKS_DISCARDED, TOO_SHORT, TOO_FEW_PITCHES, TOO_LONG, TRUNCATED)) {
            counters.put(name, 0L);
        }
        int minBars = params.minBars();
        Histogram lengths = new Histogram(LENGTHS_IN_BARS, 0, 1, 10, 20, 30, 40, 50, 100, 200, 500,
                Math.floorDiv(minBars, 2), minBars, minBars + 1, minBars - 1);
        List<Melody> melodies = new ArrayList<>();

        // Python iterates set(instrument numbers); for the small dense numbers MIDI files give, that is ascending.
        TreeSet<Integer> instruments = new TreeSet<>();
        for (NoteSequence.Note n : quantized.getNotesList()) {
            instruments.add(n.getInstrument());
        }
        long stepsPerBar = (long) Quantization.stepsPerBar(quantized);
        for (int instrument : instruments) {
            long searchStart = params.searchStartStep();
            List<NoteSequence.Note> sorted = sortedNotes(quantized, instrument);
            while (true) {
                Melody melody;
                try {
                    melody = fromSortedNotes(quantized, sorted.subList(firstAtOrAfter(sorted, searchStart),
                            sorted.size()), searchStart, instrument, params.gapBars(),
                            params.ignorePolyphonicNotes(), params.padEnd(), params.filterDrums());
                } catch (PolyphonicMelodyException e) {
                    counters.merge(POLYPHONIC_TRACKS_DISCARDED, 1L, Long::sum);
                    break;
                }
                // Next search starts at the next bar line; computed before truncation, so a cut tail is lost.
                searchStart = melody.endStep() + Math.floorMod(params.searchStartStep() - melody.endStep(),
                        stepsPerBar);
                if (melody.isEmpty()) {
                    break;
                }
                if (melody.length() < (long) melody.stepsPerBar() * minBars) {
                    counters.merge(TOO_SHORT, 1L, Long::sum);
                    continue;
                }
                if (params.maxStepsDiscard() != null && melody.length() > params.maxStepsDiscard()) {
                    counters.merge(TOO_LONG, 1L, Long::sum);
                    continue;
                }
                Integer maxSteps = params.maxStepsTruncate();
                if (maxSteps != null && melody.length() > maxSteps) {
                    int truncatedLength = maxSteps;
                    if (params.padEnd()) {
                        truncatedLength -= maxSteps % melody.stepsPerBar();
                    }
                    melody = melody.withLength(truncatedLength);
                    counters.merge(TRUNCATED, 1L, Long::sum);
                }
                int uniquePitchClasses = 0;
                for (int count : melody.noteHistogram()) {
                    if (count != 0) {
                        uniquePitchClasses++;
                    }
                }
                if (uniquePitchClasses < params.minUniquePitches()) {
                    counters.merge(TOO_FEW_PITCHES, 1L, Long::sum);
                    continue;
                }
                lengths.increment(melody.length() / melody.stepsPerBar());
                melodies.add(melody);
            }
        }
        return new Result(List.copyOf(melodies), Collections.unmodifiableMap(counters), lengths);
    }

    private static int integerStepsPerBar(NoteSequence quantized) {
        double stepsPerBar = Quantization.stepsPerBar(quantized);
        if (stepsPerBar % 1 != 0) {
            NoteSequence.TimeSignature ts = quantized.getTimeSignatures(0);
            throw new NonIntegerStepsPerBarException(String.format(
                    "There are %f timesteps per bar. Time signature: %d/%d", stepsPerBar, ts.getNumerator(),
                    ts.getDenominator()));
        }
        return (int) stepsPerBar;
    }

    /** The growing event list of from_quantized_sequence. */
    private static final class EventBuffer {
        int[] events = new int[64];
        int length;

        /** note_seq's _add_note: set_length(end + 1), pitch at start, NO_EVENT between, NOTE_OFF at end. */
        void addNote(int pitch, long start, long end) {
            if (start >= end) {
                throw new BadInputException("Start step does not precede end step: start=" + start + ", end=" + end);
            }
            // end comes from a quantized time that may be near Long.MAX_VALUE, so compare without adding to it.
            if (end >= MAX_MELODY_STEPS) {
                throw new BadInputException("melody would be longer than " + MAX_MELODY_STEPS + " steps");
            }
            int newLength = (int) end + 1;
            if (newLength > events.length) {
                events = Arrays.copyOf(events, Math.max(newLength, (int) Math.min(Integer.MAX_VALUE - 8,
                        2L * events.length)));
            }
            if (newLength > length) {
                // set_length growth: pad with NO_EVENT and end a note still held at the old end.
                Arrays.fill(events, length, newLength, Melody.NO_EVENT);
                for (int i = length - 1; i >= 0 && events[i] != Melody.NOTE_OFF; i--) {
                    if (events[i] != Melody.NO_EVENT) {
                        events[length] = Melody.NOTE_OFF;
                        break;
                    }
                }
            }
            length = newLength;
            int s = (int) start;
            events[s] = pitch;
            Arrays.fill(events, s + 1, (int) end, Melody.NO_EVENT);
            events[(int) end] = Melody.NOTE_OFF;
        }
    }
}
