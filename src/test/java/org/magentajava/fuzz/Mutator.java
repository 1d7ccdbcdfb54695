package org.magentajava.fuzz;

import org.magentajava.proto.NoteSequence;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded, coverage-less mutations: byte-level for any input, value-level for NoteSequences. */
final class Mutator {
    private static final int[] INTERESTING = {0, 1, -1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF,
            0x80000000, 0xFFFFFFFF, 0x100, 0x10000};
    private static final double[] EXTREME = {0, -0.0, -1, 1e-300, 1e9, 1e18, 1e300, -1e300, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE};

    private Mutator() {
    }

    /** One to four mutations of a copy of {@code seed}. */
    static byte[] mutate(byte[] seed, SplittableRandom rnd) {
        byte[] b = seed.clone();
        int count = 1 + rnd.nextInt(4);
        for (int m = 0; m < count; m++) {
            b = once(b, rnd);
        }
        return b;
    }

    private static byte[] once(byte[] b, SplittableRandom rnd) {
        int len = b.length;
        switch (rnd.nextInt(9)) {
            case 0 -> { // flip a bit
                if (len > 0) b[rnd.nextInt(len)] ^= (byte) (1 << rnd.nextInt(8));
            }
            case 1 -> { // a random byte
                if (len > 0) b[rnd.nextInt(len)] = (byte) rnd.nextInt(256);
            }
            case 2 -> { // an interesting integer, big-endian or little-endian, 1 to 4 bytes
                if (len > 0) {
                    int v = INTERESTING[rnd.nextInt(INTERESTING.length)];
                    int width = 1 + rnd.nextInt(4);
                    int at = rnd.nextInt(len);
                    boolean big = rnd.nextBoolean();
                    for (int i = 0; i < width && at + i < len; i++) {
                        int shift = big ? 8 * (width - 1 - i) : 8 * i;
                        b[at + i] = (byte) (v >>> shift);
                    }
                }
            }
            case 3 -> { // truncate
                b = Arrays.copyOf(b, len == 0 ? 0 : rnd.nextInt(len));
            }
            case 4 -> { // zero a header-sized range near the start
                int from = len == 0 ? 0 : rnd.nextInt(Math.min(len, 32));
                Arrays.fill(b, from, Math.min(len, from + 1 + rnd.nextInt(14)), (byte) 0);
            }
            case 5 -> { // append garbage
                byte[] tail = new byte[1 + rnd.nextInt(64)];
                for (int i = 0; i < tail.length; i++) tail[i] = (byte) rnd.nextInt(256);
                byte[] out = Arrays.copyOf(b, len + tail.length);
                System.arraycopy(tail, 0, out, len, tail.length);
                b = out;
            }
            case 6 -> { // delete a range
                if (len > 1) {
                    int from = rnd.nextInt(len);
                    int to = Math.min(len, from + 1 + rnd.nextInt(Math.max(1, len / 8)));
                    byte[] out = new byte[len - (to - from)];
                    System.arraycopy(b, 0, out, 0, from);
                    System.arraycopy(b, to, out, from, len - to);
                    b = out;
                }
            }
            case 7 -> { // duplicate a range
                if (len > 1) {
                    int from = rnd.nextInt(len);
                    int n = Math.min(len - from, 1 + rnd.nextInt(Math.max(1, len / 4)));
                    byte[] out = new byte[len + n];
                    System.arraycopy(b, 0, out, 0, from + n);
                    System.arraycopy(b, from, out, from + n, len - from);
                    b = out;
                }
            }
            default -> { // overwrite a range with 0xFF
                if (len > 0) {
                    int from = rnd.nextInt(len);
                    Arrays.fill(b, from, Math.min(len, from + 1 + rnd.nextInt(8)), (byte) 0xFF);
                }
            }
        }
        return b;
    }

    /** One to three field-level changes to extreme, negative or non-finite values. */
    static NoteSequence mutateValues(NoteSequence ns, SplittableRandom rnd) {
        NoteSequence.Builder b = ns.toBuilder();
        int count = 1 + rnd.nextInt(3);
        for (int m = 0; m < count; m++) {
            double x = EXTREME[rnd.nextInt(EXTREME.length)];
            int i = INTERESTING[rnd.nextInt(INTERESTING.length)];
            switch (rnd.nextInt(8)) {
                case 0 -> {
                    if (b.getNotesCount() > 0) b.getNotesBuilder(rnd.nextInt(b.getNotesCount())).setStartTime(x);
                }
                case 1 -> {
                    if (b.getNotesCount() > 0) b.getNotesBuilder(rnd.nextInt(b.getNotesCount())).setEndTime(x);
                }
                case 2 -> {
                    if (b.getNotesCount() > 0) b.getNotesBuilder(rnd.nextInt(b.getNotesCount())).setPitch(i);
                }
                case 3 -> b.addTempos(NoteSequence.Tempo.newBuilder().setQpm(x).setTime(rnd.nextBoolean() ? 0 : x));
                case 4 -> {
                    if (b.getTemposCount() > 0) b.getTemposBuilder(0).setQpm(x);
                }
                case 5 -> b.addTimeSignatures(NoteSequence.TimeSignature.newBuilder().setNumerator(i)
                        .setDenominator(INTERESTING[rnd.nextInt(INTERESTING.length)]).setTime(rnd.nextBoolean() ? 0 : x));
                case 6 -> b.setTotalTime(x);
                default -> {
                    if (b.getNotesCount() > 0) {
                        b.getNotesBuilder(rnd.nextInt(b.getNotesCount())).setInstrument(i).setIsDrum(rnd.nextBoolean())
                                .setVelocity(i);
                    }
                }
            }
        }
        return b.build();
    }
}
