package org.magentajava.analysis;

/**
 * What the pitch classes sounding at one step form, whatever the voicing, octave doubling or inversion. Read
 * off the set of pitch classes as a 12-bit mask (bit p = pitch class p).
 */
public enum ChordQuality {
    SINGLE("single", "1 pitch class", new int[] {0}),
    THIRD_OR_SIXTH("third_or_sixth", "3rd / 6th", new int[] {0, 3}, new int[] {0, 4}),
    FOURTH_OR_FIFTH("fourth_or_fifth", "4th / 5th", new int[] {0, 7}),
    SECOND_OR_SEVENTH("second_or_seventh", "2nd / 7th", new int[] {0, 1}, new int[] {0, 2}),
    TRITONE("tritone", "tritone", new int[] {0, 6}),
    MAJOR("major", "major triad", new int[] {0, 4, 7}),
    MINOR("minor", "minor triad", new int[] {0, 3, 7}),
    DIMINISHED("diminished", "diminished triad", new int[] {0, 3, 6}),
    AUGMENTED("augmented", "augmented triad", new int[] {0, 4, 8}),
    DOMINANT_7TH("dominant_7th", "dominant 7th", new int[] {0, 4, 7, 10}),
    MAJOR_7TH("major_7th", "major 7th", new int[] {0, 4, 7, 11}),
    MINOR_7TH("minor_7th", "minor 7th", new int[] {0, 3, 7, 10}),
    HALF_DIMINISHED_7TH("half_diminished_7th", "half-diminished 7th", new int[] {0, 3, 6, 10}),
    DIMINISHED_7TH("diminished_7th", "diminished 7th", new int[] {0, 3, 6, 9}),
    OTHER("other", "other", new int[0][]);

    /** The seventh chords whose subsets count as triadic: a major or minor triad and a 7th on its root. */
    private static final int[][] TRIADIC_SEVENTHS = {{0, 4, 7, 10}, {0, 4, 7, 11}, {0, 3, 7, 10}};

    private final String key;
    private final String label;
    private final int[][] shapes;

    ChordQuality(String key, String label, int[]... shapes) {
        this.key = key;
        this.label = label;
        this.shapes = shapes;
    }

    /** The JSON name. */
    public String key() {
        return key;
    }

    /** The table's name. */
    public String label() {
        return label;
    }

    /**
     * The quality of a non-empty set of pitch classes: the first whose interval shape, on some root, is exactly
     * the set; {@link #OTHER} when none is.
     *
     * @throws IllegalArgumentException for an empty set (a silent step has no quality)
     */
    public static ChordQuality of(int pitchClassMask) {
        if ((pitchClassMask & 0xFFF) == 0 || (pitchClassMask & ~0xFFF) != 0) {
            throw new IllegalArgumentException("not a non-empty pitch-class set: " + pitchClassMask);
        }
        for (ChordQuality q : values()) {
            for (int[] shape : q.shapes) {
                for (int root = 0; root < 12; root++) {
                    if (mask(shape, root) == pitchClassMask) {
                        return q;
                    }
                }
            }
        }
        return OTHER;
    }

    /**
     * Whether a step of at least two pitch classes sounds a major or minor triad or part of one: its pitch classes
     * all belong to one dominant, major or minor 7th chord (a major or minor triad with a 7th on its root), and two
     * pitch classes count only as a 3rd, 6th, 4th or 5th (not a 2nd, 7th or tritone). So triads, sevenths,
     * sevenths without their 5th and the diminished triad of a dominant 7th count; clusters, suspensions and
     * augmented triads do not.
     */
    public static boolean triadic(int pitchClassMask) {
        int size = Integer.bitCount(pitchClassMask);
        if (size < 2) {
            return false;
        }
        if (size == 2) {
            ChordQuality q = of(pitchClassMask);
            return q == THIRD_OR_SIXTH || q == FOURTH_OR_FIFTH;
        }
        for (int[] seventh : TRIADIC_SEVENTHS) {
            for (int root = 0; root < 12; root++) {
                int chord = mask(seventh, root);
                if ((pitchClassMask & ~chord) == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The mask of a pitch-class set. */
    static int maskOf(int... pitches) {
        int m = 0;
        for (int p : pitches) {
            m |= 1 << Math.floorMod(p, 12);
        }
        return m;
    }

    private static int mask(int[] shape, int root) {
        int m = 0;
        for (int interval : shape) {
            m |= 1 << ((root + interval) % 12);
        }
        return m;
    }
}
