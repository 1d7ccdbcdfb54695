package org.magentajava.generate;

import java.util.List;
import org.magentajava.events.RepeatBias;
import org.magentajava.io.BadSettingException;

/**
 * The generator arguments of melody_rnn_generate: {@code --temperature}, {@code --beam_size},
 * {@code --branch_factor} and {@code --steps_per_iteration}. Magenta's defaults (1.0, 1, 1, 1) are plain
 * sampling. Beside them, the model's own {@link RepeatBias} (none unless its bundle carries one): the search
 * adds it to the logits before the temperature, so a calibrated bundle is sampled and scored as it was fitted.
 */
public record SearchSettings(double temperature, int beamSize, int branchFactor, int stepsPerIteration,
        RepeatBias repeatBias) {

    public static final SearchSettings SAMPLING = new SearchSettings(1.0, 1, 1, 1);

    /**
     * Rejects values Magenta would turn into NaNs (temperature ≤ 0) or an empty beam. Magenta does not check
     * them; we do, naming the setting.
     */
    public SearchSettings(double temperature, int beamSize, int branchFactor, int stepsPerIteration) {
        this(temperature, beamSize, branchFactor, stepsPerIteration, RepeatBias.NONE);
    }

    public SearchSettings {
        if (repeatBias == null) {
            throw new IllegalArgumentException("repeatBias is null; use RepeatBias.NONE");
        }
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

    /** The same settings with the model's repeat correction. */
    public SearchSettings withRepeatBias(RepeatBias bias) {
        return new SearchSettings(temperature, beamSize, branchFactor, stepsPerIteration, bias);
    }

    /** Entries alive while steps run: the beam times the branch factor. */
    public int liveEntries() {
        return beamSize * branchFactor;
    }
}
