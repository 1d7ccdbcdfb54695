package org.magentajava.fuzz;

import com.google.protobuf.InvalidProtocolBufferException;
import org.magentajava.bundle.Bundle;
import org.magentajava.data.SequenceExamples;
import org.magentajava.data.TfRecordReader;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.melodyrnn.MelodyGenerator;
import org.magentajava.generate.NetworkStepModel;
import org.magentajava.generate.PrimerMelody;
import org.magentajava.generate.SearchSettings;
import org.magentajava.io.BadInputException;
import org.magentajava.melody.Melody;
import org.magentajava.models.melodyrnn.MelodyDatasetPipeline;
import org.magentajava.midi.MidiConversionException;
import org.magentajava.midi.MidiIo;
import org.magentajava.model.HParams;
import org.magentajava.model.State;
import org.magentajava.models.melodyrnn.MelodyRnn;
import org.magentajava.proto.NoteSequence;
import org.magentajava.proto.tf.SequenceExample;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fuzzed entry points, each with its contract: the exceptions a parser documents for bad input (the project's
 * one-line {@link BadInputException}s, protobuf's {@link InvalidProtocolBufferException}, the
 * {@link IllegalArgumentException} that {@link SequenceExamples#decode} documents) return normally; anything else
 * escapes and is a finding: NullPointerException, IndexOutOfBounds, NegativeArraySize, an OutOfMemoryError, a
 * StackOverflowError, or a {@link MidiConversionException} of reason UNEXPECTED (MidiIo's wrapper for its own
 * defects). Shared by the Jazzer fuzz tests ({@link ReadersFuzzTest}) and the seeded mutation run in the normal
 * build ({@link SeededMutationTest}).
 *
 * <p>Targets follow the data as the tool does: a MIDI file that reads is also run through create-dataset's melody
 * pipeline, a NoteSequence too, and a bundle that loads generates a few steps, so a file that parses but makes a
 * later stage crash, hang or allocate without bound is caught here.
 */
public final class FuzzTargets {
    /** A target: consumes one input; returns normally or throws a finding. */
    @FunctionalInterface
    public interface Target {
        void run(byte[] input) throws Exception;
    }

    /** The targets by name, in the order scripts/fuzz.sh runs them. */
    public static final List<String> NAMES = List.of("midi", "tfrecord", "noteSequence", "sequenceExample", "bundle",
            "primerMelody", "hparams");

    private static final List<ModelConfig> CONFIGS = MelodyRnn.FAMILY.configs();

    private FuzzTargets() {
    }

    public static Target byName(String name) {
        return switch (name) {
            case "midi" -> FuzzTargets::midi;
            case "tfrecord" -> FuzzTargets::tfRecord;
            case "noteSequence" -> FuzzTargets::noteSequence;
            case "sequenceExample" -> FuzzTargets::sequenceExample;
            case "bundle" -> FuzzTargets::bundle;
            case "primerMelody" -> FuzzTargets::primerMelody;
            case "hparams" -> FuzzTargets::hparams;
            default -> throw new IllegalArgumentException("no fuzz target " + name);
        };
    }

    /** MidiIo.fromBytes, then create-dataset's pipeline on what it read. */
    public static void midi(byte[] data) {
        NoteSequence ns;
        try {
            ns = MidiIo.fromBytes(data, "fuzz.mid");
        } catch (MidiConversionException e) {
            if (e.reason() == MidiConversionException.Reason.UNEXPECTED) {
                throw new AssertionError("MIDI reader defect: " + e.getMessage(), e.getCause());
            }
            return;
        }
        pipeline(ns, data.length == 0 ? 0 : data[data.length - 1]);
    }

    /** TfRecordReader over the whole input, reading past resumable (data CRC) errors as create-dataset does. */
    public static void tfRecord(byte[] data) throws IOException {
        try (TfRecordReader reader = new TfRecordReader(new ByteArrayInputStream(data), data.length, "fuzz.tfrecord")) {
            while (true) {
                try {
                    if (reader.next() == null) {
                        return;
                    }
                } catch (TfRecordReader.CorruptRecordException e) {
                    if (!e.resumable()) {
                        return;
                    }
                }
            }
        }
    }

    /** NoteSequence.parseFrom, then the melody pipeline (every config's, picked by the first byte). */
    public static void noteSequence(byte[] data) {
        NoteSequence ns;
        try {
            ns = NoteSequence.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            return;
        }
        pipeline(ns, data.length == 0 ? 0 : data[0]);
    }

    /** SequenceExample.parseFrom, then SequenceExamples.decode as the trainer and inspect use it. */
    public static void sequenceExample(byte[] data) {
        SequenceExample ex;
        try {
            ex = SequenceExample.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            return;
        }
        try {
            SequenceExamples.decode(ex);
        } catch (IllegalArgumentException e) {
            // decode's documented "malformed training record"
        }
    }

    /** Bundle.parse; a bundle that loads then generates a few steps from a short primer. */
    public static void bundle(byte[] data) throws IOException {
        Bundle b;
        try {
            b = Bundle.parse(data, "fuzz.mag");
        } catch (BadInputException e) {
            return;
        }
        NoteSequence primer = Melody.of(60, -2, 62, -2).toSequence(100, 0, 0, 0.0, 120);
        MelodyGenerator<State> g = new MelodyGenerator<>(new NetworkStepModel(b.network()), b.config());
        g.generate(new MelodyGenerator.Request(primer, 120, 12, new SearchSettings(1.0, 2, 2, 1)),
                new SplittableRandom(1));
    }

    /** PrimerMelody.parse, then the primer NoteSequence generate builds from it. */
    public static void primerMelody(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        int[] events;
        try {
            events = PrimerMelody.parse(text);
        } catch (BadInputException e) {
            return;
        }
        new Melody(events, 0, 4, 16).toSequence(100, 0, 0, 0.0, 120);
    }

    /** HParams.parse over a config's defaults; what parses must print back to an equal record. */
    public static void hparams(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        ModelConfig config = CONFIGS.get(Math.floorMod(text.length(), CONFIGS.size()));
        HParams hp;
        try {
            hp = HParams.parse(text, config.hparams());
        } catch (BadInputException e) {
            return;
        }
        HParams again = HParams.parse(hp.toString());
        if (!again.equals(hp)) {
            throw new AssertionError("hparams do not round-trip: " + hp + " vs " + again);
        }
    }

    private static void pipeline(NoteSequence ns, int selector) {
        ModelConfig config = CONFIGS.get(Math.floorMod(selector, CONFIGS.size()));
        try {
            MelodyDatasetPipeline.process(ns, config);
        } catch (BadInputException e) {
            // QuantizationException (negative time) and bad notes, as documented
        }
    }
}
