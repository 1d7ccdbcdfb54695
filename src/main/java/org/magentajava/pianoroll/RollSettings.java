package org.magentajava.pianoroll;

import org.magentajava.io.BadInputException;

/**
 * The settings of the piano-roll pipeline's stages ({@link PianorollDatasetStages}), the same for every family that
 * trains on piano rolls (pianoroll_rnn's rolls, biaxial_rnn's note states).
 *
 * @param stepsPerQuarter  quantization resolution
 * @param minSteps         shorter pieces are discarded (0: none)
 * @param maxSteps         longer pieces are truncated
 * @param minTransposition lowest transposition in semitones; {@code 0,0} keeps every piece in its own key
 * @param maxTransposition highest
 */
public record RollSettings(int stepsPerQuarter, int minSteps, int maxSteps, int minTransposition,
                           int maxTransposition) {

    /**
     * @throws BadInputException naming the first setting out of range
     */
    public RollSettings {
        if (stepsPerQuarter < 1) {
            throw new BadInputException("steps per quarter must be positive, got " + stepsPerQuarter);
        }
        if (minSteps < 0 || maxSteps < 1) {
            throw new BadInputException("min steps must be non-negative and max steps positive, got "
                    + minSteps + " and " + maxSteps);
        }
        if (minTransposition > maxTransposition || minTransposition < -127 || maxTransposition > 127) {
            throw new BadInputException("transposition range must be LO,HI with -127 <= LO <= HI <= 127, got "
                    + minTransposition + "," + maxTransposition);
        }
    }
}
