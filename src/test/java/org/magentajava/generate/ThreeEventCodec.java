package org.magentajava.generate;

/**
 * A codec for a 3-event melody alphabet: class 0 = −2 (no event), 1 = −1 (note off), 2 = pitch 60.
 *
 * <p>The input for position p is one-hot(ev[p]) followed by one-hot(ev[p−1]) (zeros at p = 0), so a model
 * can check that the state row it is given has really seen ev[p−1]: a misrouted row after beam pruning or
 * branching is caught.
 */
final class ThreeEventCodec implements EventCodec {
    static final int[] EVENTS = {-2, -1, 60};

    static int classOf(int event) {
        for (int c = 0; c < EVENTS.length; c++) {
            if (EVENTS[c] == event) {
                return c;
            }
        }
        throw new IllegalArgumentException("event " + event + " is not in the 3-event alphabet");
    }

    @Override
    public int inputSize() {
        return 6;
    }

    @Override
    public int numClasses() {
        return 3;
    }

    @Override
    public float[] input(int[] events, int position) {
        float[] input = new float[6];
        input[classOf(events[position])] = 1;
        if (position > 0) {
            input[3 + classOf(events[position - 1])] = 1;
        }
        return input;
    }

    @Override
    public int label(int[] events, int position) {
        return classOf(events[position]);
    }

    @Override
    public int eventForClass(int classIndex, int[] events, int length) {
        return EVENTS[classIndex];
    }
}
