package org.magentajava.viz;

/** MIDI pitch numbers as note names, with middle C (60) as C4 like Magenta and visual_midi. */
public final class PitchNames {
    private static final String[] CLASSES = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};

    private PitchNames() {}

    public static String name(int pitch) {
        return CLASSES[Math.floorMod(pitch, 12)] + (Math.floorDiv(pitch, 12) - 1);
    }

    public static boolean isBlackKey(int pitch) {
        return CLASSES[Math.floorMod(pitch, 12)].length() == 2;
    }
}
