package org.magentajava.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, for a melody, the longest run of notes copied from any training tune in any transposition. Each note
 * after the first is a token (interval from the previous pitch, onset distance from the previous onset, previous
 * duration, own duration), so k notes match exactly when k-1 consecutive tokens do. A suffix automaton over all
 * training tunes (each ended by its own separator, so no match spans two tunes) answers a melody in time linear
 * in its length: indexing the 774 Nottingham training melodies takes under a second, and 100 generated
 * melodies are then answered in tens of milliseconds.
 */
public final class CopyDetector {

    private final List<SourcedMelody> tunes;
    private final List<List<MelodyNote>> tuneNotes;
    /** Position in the concatenated token string where each tune's tokens start. */
    private final int[] tuneStart;
    private final Map<Long, Integer> tokenIds = new HashMap<>();

    // The automaton: state 0 is the root.
    private final int[] len;
    private final int[] link;
    /** End position (in the concatenated tokens) of the first occurrence of the state's strings. */
    private final int[] firstEnd;
    private int states;
    private int last;
    private final Map<Long, Integer> next = new HashMap<>();

    private CopyDetector(List<SourcedMelody> tunes) {
        this.tunes = List.copyOf(tunes);
        this.tuneNotes = new ArrayList<>(tunes.size());
        this.tuneStart = new int[tunes.size()];
        int total = 0;
        List<int[]> tokenized = new ArrayList<>(tunes.size());
        for (int t = 0; t < tunes.size(); t++) {
            List<MelodyNote> notes = tunes.get(t).allNotes();
            tuneNotes.add(notes);
            int[] tokens = tokens(notes, true);
            tokenized.add(tokens);
            tuneStart[t] = total;
            total += tokens.length + 1;
        }
        int capacity = 2 * total + 2;
        len = new int[capacity];
        link = new int[capacity];
        firstEnd = new int[capacity];
        link[0] = -1;
        states = 1;
        last = 0;
        int position = 0;
        for (int t = 0; t < tokenized.size(); t++) {
            for (int token : tokenized.get(t)) {
                extend(token, position++);
            }
            extend(-1 - t, position++); // a separator no other tune or melody has
        }
    }

    /** Indexes the training tunes (all their notes, primers included). */
    public static CopyDetector of(List<SourcedMelody> trainingTunes) {
        return new CopyDetector(trainingTunes);
    }

    public int tuneCount() {
        return tunes.size();
    }

    /** The longest copied run among the melody's analyzed notes (those from its fromStep on). */
    public CopiedRun longestCopy(SourcedMelody melody) {
        List<MelodyNote> notes = melody.notes();
        if (notes.isEmpty()) {
            return new CopiedRun(melody.source(), 0, 0, 0, "", 0, 0, 0);
        }
        int[] tokens = tokens(notes, false);
        int state = 0;
        int matched = 0;
        int bestLength = 0;
        int bestEnd = -1;      // last matched token of the melody
        int bestCorpusEnd = -1;
        for (int i = 0; i < tokens.length; i++) {
            int token = tokens[i];
            while (state != 0 && transition(state, token) < 0) {
                state = link[state];
                matched = len[state];
            }
            int to = transition(state, token);
            if (to >= 0) {
                state = to;
                matched++;
            } else {
                state = 0;
                matched = 0;
            }
            if (matched > bestLength) {
                bestLength = matched;
                bestEnd = i;
                bestCorpusEnd = firstEnd[state];
            }
        }
        MelodyNote firstNote = notes.get(0);
        if (bestLength == 0) {
            return new CopiedRun(melody.source(), 1, firstNote.duration(), (double) firstNote.duration()
                    / melody.stepsPerBar(), "", 0, 0, 0);
        }
        // Token i stands for note i + 1, so tokens [end - L + 1, end] are notes [end - L + 1, end + 1].
        int firstMelodyNote = bestEnd - bestLength + 1;
        int lastMelodyNote = bestEnd + 1;
        int tune = tuneAt(bestCorpusEnd);
        int firstTuneNote = bestCorpusEnd - tuneStart[tune] - bestLength + 1;
        int steps = notes.get(lastMelodyNote).end() - notes.get(firstMelodyNote).onset();
        int transposition = notes.get(firstMelodyNote).pitch() - tuneNotes.get(tune).get(firstTuneNote).pitch();
        return new CopiedRun(melody.source(), bestLength + 1, steps, (double) steps / melody.stepsPerBar(),
                tunes.get(tune).source(), firstMelodyNote, firstTuneNote, transposition);
    }

    private int tuneAt(int position) {
        int i = Arrays.binarySearch(tuneStart, position);
        return i >= 0 ? i : -i - 2;
    }

    /**
     * One token per note after the first. Unknown tokens of a query get a fresh negative id below every
     * separator, which no transition carries.
     */
    private int[] tokens(List<MelodyNote> notes, boolean learn) {
        int[] out = new int[Math.max(0, notes.size() - 1)];
        for (int i = 1; i < notes.size(); i++) {
            MelodyNote prev = notes.get(i - 1);
            MelodyNote note = notes.get(i);
            long key = ((long) (note.pitch() - prev.pitch() + 128) << 54)
                    | (clamp(note.onset() - prev.onset()) << 36) | (clamp(prev.duration()) << 18)
                    | clamp(note.duration());
            Integer id = tokenIds.get(key);
            if (id == null) {
                if (!learn) {
                    out[i - 1] = Integer.MIN_VALUE;
                    continue;
                }
                id = tokenIds.size();
                tokenIds.put(key, id);
            }
            out[i - 1] = id;
        }
        return out;
    }

    /** 18 bits: longer distances (over 4 hours of 16th notes) share one token. */
    private static long clamp(int steps) {
        return Math.min(steps, (1 << 18) - 1);
    }

    private int transition(int state, int token) {
        Integer to = next.get(((long) state << 32) | (token & 0xFFFFFFFFL));
        return to == null ? -1 : to;
    }

    private void setTransition(int state, int token, int to) {
        if (next.put(((long) state << 32) | (token & 0xFFFFFFFFL), to) == null) {
            outTokens.computeIfAbsent(state, s -> new ArrayList<>(2)).add(token);
        }
    }

    /** The standard online suffix-automaton extension by one token at {@code position}. */
    private void extend(int token, int position) {
        int cur = states++;
        len[cur] = len[last] + 1;
        firstEnd[cur] = position;
        int p = last;
        while (p != -1 && transition(p, token) < 0) {
            setTransition(p, token, cur);
            p = link[p];
        }
        if (p == -1) {
            link[cur] = 0;
        } else {
            int q = transition(p, token);
            if (len[p] + 1 == len[q]) {
                link[cur] = q;
            } else {
                int clone = states++;
                len[clone] = len[p] + 1;
                link[clone] = link[q];
                firstEnd[clone] = firstEnd[q];
                copyTransitions(q, clone);
                while (p != -1 && transition(p, token) == q) {
                    setTransition(p, token, clone);
                    p = link[p];
                }
                link[q] = clone;
                link[cur] = clone;
            }
        }
        last = cur;
    }

    /** Per-state transition lists, so a clone can copy its original's without scanning the whole map. */
    private final Map<Integer, List<Integer>> outTokens = new HashMap<>();

    private void copyTransitions(int from, int to) {
        for (int token : outTokens.getOrDefault(from, List.of())) {
            setTransition(to, token, transition(from, token));
        }
    }
}
