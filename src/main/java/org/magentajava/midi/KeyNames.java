package org.magentajava.midi;

/**
 * Key signatures between the MIDI form (sharps or flats, major/minor) and the NoteSequence form (tonic pitch
 * class, mode). For writing, the spelling follows pretty_midi's key-name table: Db, Eb, F#, Ab, Bb major and
 * C#, D#, F#, G#, Bb minor.
 */
final class KeyNames {
    /** Sharps (negative: flats) for the major key on each tonic pitch class C..B. */
    private static final int[] MAJOR_SHARPS = {0, -5, 2, -3, 4, -1, 6, 1, -4, 3, -2, 5};
    /** Sharps (negative: flats) for the minor key on each tonic pitch class C..B. */
    private static final int[] MINOR_SHARPS = {-3, 4, -1, 6, 1, -4, 3, -2, 5, 0, -5, 2};

    private KeyNames() {
    }

    /** The tonic pitch class: each sharp moves the major tonic a fifth up; a minor tonic is a minor third below. */
    static int pitchClass(int sharps, boolean minor) {
        return Math.floorMod(7 * sharps + (minor ? 9 : 0), 12);
    }

    static int sharps(int pitchClass, boolean minor) {
        return (minor ? MINOR_SHARPS : MAJOR_SHARPS)[pitchClass];
    }
}
