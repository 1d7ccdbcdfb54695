package org.magentajava.models.polyphonyrnn;

import java.util.Arrays;
import org.magentajava.generate.EventInjector;
import org.magentajava.poly.PolyphonicEvent;
import org.magentajava.poly.PolyphonicSequence;

/**
 * polyphony_rnn's {@code _inject_melody}: whenever a generated sequence starts a new step (its last event is
 * STEP_END, or it is a bare START), the primer's events for the matching step are forced, so the primer plays
 * on under the generated harmony. Generated step k matches primer step {@code k − startStep}; startStep is 0
 * when generation starts from a bare START and the primer's length when it is conditioned on the primer.
 */
public final class PrimerInjection implements EventInjector {
    private final int[] melody;
    private final int startStep;

    /**
     * @param melody    the primer as a polyphonic sequence (without trailing END)
     * @param startStep the generated step at which the primer's first step is injected
     */
    public PrimerInjection(PolyphonicSequence melody, int startStep) {
        this.melody = melody.events();
        this.startStep = startStep;
    }

    @Override
    public int[] inject(int[] events, int length) {
        boolean stepStart = length == 0 || events[length - 1] == PolyphonicEvent.STEP_END
                || (length == 1 && events[0] == PolyphonicEvent.START);
        if (!stepStart) {
            return NONE;
        }
        int step = PolyphonicSequence.countStepEnds(events, length);
        int melodyStep = startStep;
        for (int j = 0; j < melody.length; j++) {
            if (melody[j] == PolyphonicEvent.STEP_END) {
                melodyStep++;
            }
            if (melodyStep == step) {
                int end = j + 1;
                while (end < melody.length && melody[end] != PolyphonicEvent.STEP_END) {
                    end++;
                }
                return Arrays.copyOfRange(melody, j + 1, end);
            }
        }
        return NONE;
    }
}
