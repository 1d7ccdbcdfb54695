package org.magentajava.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an encoded sequence (a SequenceExample's inputs and labels) back into the events it encodes, and says
 * which classes stand for each event. With lookback classes one note can be labelled by its own class or by
 * "repeat the event a bar ago"; the probability a model gives the note is the sum over all of them, which is
 * what an event-level loss must score.
 *
 * <p>Event 0 is read from the first input vector (it has no label); event {@code i + 1} is
 * {@code classToEvent(labels[i])} after events {@code 0..i}. A leading silence that the input cannot tell
 * apart (KeyMelody encodes NO_EVENT and NOTE_OFF alike) decodes to the encoder's default event, which is what
 * Magenta's melodies start with. Immutable and thread-safe.
 */
public final class SequenceEvents {
    private final EncoderDecoder encoder;
    private final int[] dependent;
    /** event -> the history-independent classes that decode to it, in class order. */
    private final Map<Integer, int[]> fixedByEvent;
    private final int[] vocabulary;
    private final int[] firstCandidates;
    private final float[][] firstInputs;
    /** Meter-aware encoders (phrase_rnn) give one encoder per meter; each gets its own tables, made once. */
    private final Map<EncoderDecoder, SequenceEvents> perMeter = new ConcurrentHashMap<>();

    public SequenceEvents(EncoderDecoder encoder) {
        this.encoder = encoder;
        this.dependent = encoder.historyDependentClasses().clone();
        boolean[] isDependent = new boolean[encoder.numClasses()];
        for (int c : dependent) {
            isDependent[c] = true;
        }
        Map<Integer, List<Integer>> byEvent = new LinkedHashMap<>();
        int[] empty = new int[0];
        for (int c = 0; c < encoder.numClasses(); c++) {
            if (!isDependent[c]) {
                byEvent.computeIfAbsent(encoder.classToEvent(c, empty, 0), e -> new ArrayList<>()).add(c);
            }
        }
        fixedByEvent = new LinkedHashMap<>();
        byEvent.forEach((event, classes) ->
                fixedByEvent.put(event, classes.stream().mapToInt(Integer::intValue).toArray()));
        vocabulary = fixedByEvent.keySet().stream().mapToInt(Integer::intValue).toArray();

        // Candidates for event 0: the default event first, then every event a class can stand for at the start.
        List<Integer> candidates = new ArrayList<>();
        candidates.add(encoder.classToEvent(encoder.defaultEventLabel(), empty, 0));
        for (int c = 0; c < encoder.numClasses(); c++) {
            int e = encoder.classToEvent(c, empty, 0);
            if (!candidates.contains(e)) {
                candidates.add(e);
            }
        }
        List<Integer> usable = new ArrayList<>();
        List<float[]> inputs = new ArrayList<>();
        for (int e : candidates) {
            try {
                inputs.add(encoder.inputVector(new int[] {e}, 0));
                usable.add(e);
            } catch (IllegalArgumentException ignored) {
                // an event the encoder cannot take as input cannot start a sequence
            }
        }
        firstCandidates = usable.stream().mapToInt(Integer::intValue).toArray();
        firstInputs = inputs.toArray(new float[0][]);
    }

    public EncoderDecoder encoder() {
        return encoder;
    }

    /**
     * The events the history-independent classes stand for, in class order: every event a sequence of this
     * encoder can hold (38 for the 48..84 melody configs: NO_EVENT, NOTE_OFF and 36 pitches).
     */
    public int[] vocabulary() {
        return vocabulary.clone();
    }

    /**
     * True when every event has exactly one class whatever the history (the one-hot encoders): the label loss
     * then is the event loss and nothing needs decoding.
     */
    public boolean labelsAreEvents() {
        if (dependent.length > 0) {
            return false;
        }
        for (int[] classes : fixedByEvent.values()) {
            if (classes.length > 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * The event whose input vector, as the first of a sequence, is {@code input}.
     *
     * @throws IllegalArgumentException when no event encodes to it (a dataset of another config)
     */
    public int firstEvent(float[] input) {
        for (int i = 0; i < firstCandidates.length; i++) {
            if (Arrays.equals(firstInputs[i], input)) {
                return firstCandidates[i];
            }
        }
        throw new IllegalArgumentException("the first input vector encodes no event of this encoder");
    }

    /**
     * The {@code labels.length + 1} events that {@code inputs} and {@code labels} encode (none for an empty
     * sequence).
     *
     * @throws IllegalArgumentException when the lengths differ, the first input encodes no event or a label is
     *     not a class of this encoder
     */
    public int[] decode(float[][] inputs, int[] labels) {
        if (inputs.length > 0 && inputs[0].length == encoder.inputSize()) {
            SequenceEvents own = forSequence(inputs[0]);
            if (own != this) {
                return own.decode(inputs, labels);
            }
        }
        if (inputs.length != labels.length) {
            throw new IllegalArgumentException(inputs.length + " input steps but " + labels.length + " labels");
        }
        if (inputs.length == 0) {
            return new int[0];
        }
        if (inputs[0].length != encoder.inputSize()) {
            throw new IllegalArgumentException("inputs have " + inputs[0].length + " values per step, the encoder "
                    + encoder.inputSize());
        }
        int[] events = new int[labels.length + 1];
        events[0] = firstEvent(inputs[0]);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= encoder.numClasses()) {
                throw new IllegalArgumentException("label " + labels[i] + " at step " + i + " is outside the "
                        + encoder.numClasses() + " classes");
            }
            events[i + 1] = encoder.classToEvent(labels[i], events, i + 1);
        }
        return events;
    }

    /** The classes that decode to {@code event} after the first {@code historyLength} events, ascending. */
    public int[] classesOf(int event, int[] history, int historyLength) {
        int[] fixed = fixedByEvent.getOrDefault(event, new int[0]);
        int[] out = Arrays.copyOf(fixed, fixed.length + dependent.length);
        int n = fixed.length;
        for (int c : dependent) {
            if (encoder.classToEvent(c, history, historyLength) == event) {
                out[n++] = c;
            }
        }
        out = Arrays.copyOf(out, n);
        Arrays.sort(out);
        return out;
    }

    /**
     * For each step {@code i} of the encoded sequence (predicting event {@code i + 1}), the classes that decode
     * to that event: the label and every other class that stands for the same event.
     */
    public int[][] eventClasses(int[] events) {
        int steps = Math.max(0, events.length - 1);
        int[][] out = new int[steps][];
        for (int i = 0; i < steps; i++) {
            out[i] = classesOf(events[i + 1], events, i + 1);
        }
        return out;
    }

    /** {@link #eventClasses(int[])} of the events {@code inputs} and {@code labels} encode. */
    public int[][] eventClasses(float[][] inputs, int[] labels) {
        SequenceEvents own = inputs.length == 0 || inputs[0].length != encoder.inputSize() ? this
                : forSequence(inputs[0]);
        return own.eventClasses(own.decode(inputs, labels));
    }

    /**
     * For each step {@code i} of the encoded sequence (predicting event {@code i + 1}), every class's group: a
     * class number shared by exactly the classes that decode to the same event after events {@code 0..i} (the
     * event's first history-independent class). Summing a step's
     * probabilities by group gives each event's probability, so the event a model predicts is its group of
     * highest summed probability (the event argmax), which can differ from the class argmax when one note has
     * a one-hot class and a "repeat" class.
     */
    public int[][] classGroups(int[] events) {
        int steps = Math.max(0, events.length - 1);
        int c = encoder.numClasses();
        int[] fixed = new int[c];
        Arrays.fill(fixed, -1);
        for (int[] classes : fixedByEvent.values()) {
            for (int k : classes) {
                fixed[k] = classes[0];
            }
        }
        int[][] out = new int[steps][];
        for (int i = 0; i < steps; i++) {
            int[] groups = fixed.clone();
            for (int d : dependent) {
                int event = encoder.classToEvent(d, events, i + 1);
                int[] same = fixedByEvent.get(event);
                // an event with no history-independent class (none in our encoders) takes its first dependent one
                groups[d] = same != null ? same[0] : firstDependentOf(event, events, i + 1);
            }
            out[i] = groups;
        }
        return out;
    }

    private int firstDependentOf(int event, int[] history, int historyLength) {
        for (int d : dependent) {
            if (encoder.classToEvent(d, history, historyLength) == event) {
                return d;
            }
        }
        throw new IllegalStateException("no class decodes to event " + event);
    }

    /** {@link #classGroups(int[])} of the events {@code inputs} and {@code labels} encode. */
    public int[][] classGroups(float[][] inputs, int[] labels) {
        SequenceEvents own = inputs.length == 0 || inputs[0].length != encoder.inputSize() ? this
                : forSequence(inputs[0]);
        return own.classGroups(own.decode(inputs, labels));
    }

    /** The tables of the encoder that wrote a sequence starting with {@code firstInput} (this one, but for meters). */
    private SequenceEvents forSequence(float[] firstInput) {
        EncoderDecoder own = encoder.forFirstInput(firstInput);
        return own.equals(encoder) ? this : perMeter.computeIfAbsent(own, SequenceEvents::new);
    }
}
