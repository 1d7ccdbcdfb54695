package org.magentajava.pianoroll;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.magentajava.io.BadInputException;
import org.magentajava.proto.NoteSequence;

/**
 * The polyphonic benchmark files of Boulanger-Lewandowski, Bengio and Vincent (ICML 2012): JSB Chorales,
 * Nottingham, MuseData and Piano-midi.de as Python pickles, a dict of splits ({@code train}, {@code valid},
 * {@code test}), each a list of pieces, each a list of frames (one per quarter note for these sets), each a
 * tuple of the MIDI pitches that sound. A frame becomes one quarter note here, a key held over consecutive frames
 * one note, so that {@code create-dataset --steps_per_quarter 1} gives back exactly the file's frames (a key
 * struck again is not told apart from one held: the files do not tell either).
 */
public final class BenchmarkRolls {
    private BenchmarkRolls() {
    }

    /**
     * The splits of an unpickled benchmark file ({@link org.magentajava.data.Pickle#load}), in file order, each piece
     * as its frames' pitch sets.
     *
     * @throws BadInputException naming the split, piece and frame of anything else
     */
    public static Map<String, List<List<int[]>>> splits(Object unpickled) {
        if (!(unpickled instanceof Map<?, ?> dict)) {
            throw new BadInputException("expected a dict of splits (train, valid, test), found " + kind(unpickled));
        }
        Map<String, List<List<int[]>>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            String split = String.valueOf(e.getKey());
            if (!split.matches("[A-Za-z0-9_-]+")) throw new BadInputException("split name '" + split + "' is not a plain word");
            if (!(e.getValue() instanceof List<?> pieces)) {
                throw new BadInputException("split " + split + ": expected a list of pieces, found " + kind(e.getValue()));
            }
            List<List<int[]>> rolls = new ArrayList<>();
            for (int p = 0; p < pieces.size(); p++) {
                if (!(pieces.get(p) instanceof List<?> frames)) {
                    throw new BadInputException("split " + split + " piece " + p + ": expected a list of frames, found "
                            + kind(pieces.get(p)));
                }
                List<int[]> roll = new ArrayList<>(frames.size());
                for (int f = 0; f < frames.size(); f++) {
                    if (!(frames.get(f) instanceof List<?> pitches)) {
                        throw new BadInputException("split " + split + " piece " + p + " frame " + f
                                + ": expected a tuple of pitches, found " + kind(frames.get(f)));
                    }
                    int[] keys = new int[pitches.size()];
                    for (int k = 0; k < keys.length; k++) {
                        Object v = pitches.get(k);
                        double d = v instanceof Number n ? n.doubleValue() : Double.NaN;
                        if (!(d >= 0 && d <= 127 && d == Math.rint(d))) {
                            throw new BadInputException("split " + split + " piece " + p + " frame " + f + ": pitch "
                                    + v + " is not a MIDI pitch 0..127");
                        }
                        keys[k] = (int) d;
                    }
                    roll.add(keys);
                }
                rolls.add(roll);
            }
            out.put(split, rolls);
        }
        if (out.isEmpty()) throw new BadInputException("the dict holds no splits");
        return out;
    }

    /**
     * One piece as a NoteSequence at {@code qpm}: frame t is quarter note t, each run of frames a key sounds in one
     * note (velocity 100, program 0), 4/4, 220 ticks per quarter note.
     */
    public static NoteSequence toNoteSequence(List<int[]> frames, double qpm, String id) {
        double quarter = 60.0 / qpm;
        NoteSequence.Builder ns = NoteSequence.newBuilder().setId(id).setFilename(id).setTicksPerQuarter(220);
        ns.addTemposBuilder().setQpm(qpm);
        ns.addTimeSignaturesBuilder().setNumerator(4).setDenominator(4);
        boolean[][] on = new boolean[frames.size()][128];
        for (int t = 0; t < frames.size(); t++) {
            for (int pitch : frames.get(t)) on[t][pitch] = true;
        }
        List<NoteSequence.Note> notes = new ArrayList<>();
        for (int t = 0; t < frames.size(); t++) {
            for (int pitch : frames.get(t)) {
                if (t > 0 && on[t - 1][pitch]) continue; // held from the frame before
                int end = t;
                while (end < frames.size() && on[end][pitch]) end++;
                notes.add(NoteSequence.Note.newBuilder().setPitch(pitch).setVelocity(100).setStartTime(t * quarter)
                        .setEndTime(end * quarter).build());
            }
        }
        notes.sort((a, b) -> a.getStartTime() != b.getStartTime() ? Double.compare(a.getStartTime(), b.getStartTime())
                : Integer.compare(a.getPitch(), b.getPitch()));
        ns.addAllNotes(notes);
        // the piece lasts all its frames, trailing silent ones too
        return ns.setTotalTime(frames.size() * quarter).build();
    }

    private static String kind(Object o) {
        return o == null ? "nothing" : o instanceof List<?> ? "a list" : o instanceof Map<?, ?> ? "a dict"
                : o instanceof Number ? "a number" : o instanceof String ? "a string" : o.getClass().getSimpleName();
    }
}
