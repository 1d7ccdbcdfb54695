package org.magentajava.generate;

import java.util.List;
import org.magentajava.io.BadSettingException;

/**
 * The generator arguments of melody_rnn_generate: {@code --temperature}, {@code --beam_size},
 * {@code --branch_factor} and {@code --steps_per_iteration}. Magenta's defaults (1.0, 1, 1, 1) are plain
 * sampling.
 */
public record SearchSettings(double temperature, int beamSize, int branchFactor, int stepsPerIteration) {

    public static final SearchSettings SAMPLING = new SearchSettings(1.0, 1, 1, 1);

    /**
     * Rejects values Magenta would turn into NaNs (temperature ≤ 0) or an empty beam. Magenta does not check
     * them; we do, naming the setting.
     */
    public SearchSettings {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new BadSettingException("temperature", "{temperature} must be a positive number, got " + temperature);
        }
        requirePositive("beam_size", beamSize);
        requirePositive("branch_factor", branchFactor);
        requirePositive("steps_per_iteration", stepsPerIteration);
        if ((long) beamSize * branchFactor > 1 << 16) {
            throw new BadSettingException(List.of("beam_size", "branch_factor"),
                    "{beam_size} × {branch_factor} must be at most 65536, got "
                    + ((long) beamSize * branchFactor));
        }
    }

    private static void requirePositive(String field, int value) {
        if (value < 1) {
            throw new BadSettingException(field, "{" + field + "} must be at least 1, got " + value);
        }
    }

    /** Entries alive while steps run: the beam times the branch factor. */
    public int liveEntries() {
        return beamSize * branchFactor;
    }
}
