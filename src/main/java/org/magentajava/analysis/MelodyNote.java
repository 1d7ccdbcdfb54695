package org.magentajava.analysis;

/**
 * One note of a monophonic melody, in steps of the melody (16th notes at 4 steps per quarter).
 *
 * @param pitch    MIDI pitch
 * @param onset    the step it starts on, counted from the melody's first step (a bar line)
 * @param duration steps until the next note starts, a NOTE_OFF, or the melody ends
 */
public record MelodyNote(int pitch, int onset, int duration) {
    public MelodyNote {
        if (pitch < 0 || pitch > 127 || onset < 0 || duration < 1) {
            throw new IllegalArgumentException("bad note " + pitch + "@" + onset + "+" + duration);
        }
    }

    public int end() {
        return onset + duration;
    }
}
