package org.magentajava.generate;

/**
 * Events the search appends as given instead of sampling them: Magenta's {@code modify_events_callback}
 * (polyphony_rnn uses it to play the primer melody under the generated harmony). The search asks after the
 * primer and after every sampled event; the returned events are then appended one per step, each fed to the
 * model and scored with the model's probability of it, before the next event is sampled.
 */
@FunctionalInterface
public interface EventInjector {
    int[] NONE = new int[0];

    /**
     * @param events the entry's history, valid up to {@code length}; must not be modified
     * @return the events to force next, in order ({@link #NONE} for none)
     */
    int[] inject(int[] events, int length);
}
