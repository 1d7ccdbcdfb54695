package org.magentajava.fuzz;

import org.magentajava.bundle.Bundle;
import org.magentajava.data.SequenceExamples;
import org.magentajava.data.TfRecordWriter;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.melody.Melody;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.melodyrnn.MelodyDatasetPipeline;
import org.magentajava.midi.MidiIo;
import org.magentajava.model.HParams;
import org.magentajava.model.LstmNetwork;
import org.magentajava.models.melodyrnn.MelodyRnn;
import org.magentajava.proto.NoteSequence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed inputs of every fuzz target, made from the repository's own primers and synthetic data (never from the
 * Nottingham files, which are not ours to ship). {@code main} writes them to the Jazzer inputs directory;
 * {@link SeededMutationTest} starts from the same seeds. The files are committed;
 * regenerate them by running {@code main} from the repository root with the test classpath.
 */
public final class SeedCorpus {
    public static final Path INPUTS = Path.of("src/test/resources/org/magentajava/fuzz/ReadersFuzzTestInputs");

    private SeedCorpus() {
    }

    public static void main(String[] args) throws IOException {
        Path root = args.length > 0 ? Path.of(args[0]) : INPUTS;
        for (String target : FuzzTargets.NAMES) {
            Path dir = root.resolve(target);
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> e : seeds(target).entrySet()) {
                Files.write(dir.resolve("seed-" + e.getKey()), e.getValue());
            }
        }
    }

    /** Seeds of one target by name. */
    public static Map<String, byte[]> seeds(String target) throws IOException {
        Map<String, byte[]> s = new LinkedHashMap<>();
        switch (target) {
            case "midi" -> {
                for (String p : List.of("twinkle", "arpeggio", "scale")) {
                    s.put(p + ".mid", Files.readAllBytes(Path.of("primers", p + ".mid")));
                }
                s.put("rich.mid", MidiIo.toBytes(rich()));
                s.put("tune.mid", MidiIo.toBytes(tune()));
            }
            case "tfrecord" -> {
                s.put("empty", new byte[0]);
                s.put("two-records", tfRecord(List.of(tune().toByteArray(), rich().toByteArray())));
                byte[] bad = tfRecord(List.of(tune().toByteArray(), new byte[] {1, 2, 3}));
                bad[20] ^= 0x40; // a data CRC mismatch in the first record: resumable
                s.put("bad-crc", bad);
            }
            case "noteSequence" -> {
                s.put("tune", tune().toByteArray());
                s.put("rich", rich().toByteArray());
                s.put("twinkle", MidiIo.read(Path.of("primers", "twinkle.mid")).toByteArray());
            }
            case "sequenceExample" -> {
                var r = MelodyDatasetPipeline.process(tune(), MelodyRnn.BASIC_RNN);
                var m = r.melodies().get(0);
                s.put("basic", SequenceExamples.serialize(java.util.Arrays.copyOf(m.inputs(), 16),
                        java.util.Arrays.copyOf(m.labels(), 16)));
                s.put("tiny", SequenceExamples.serialize(new float[][] {{0, 1}, {1, 0}}, new int[] {1, 0}));
            }
            case "bundle" -> {
                s.put("basic.mag", bundle(MelodyRnn.BASIC_RNN, "rnn_layer_sizes=[4]"));
                s.put("attention.mag", bundle(MelodyRnn.ATTENTION_RNN, "rnn_layer_sizes=[3,3],attn_length=2"));
            }
            case "primerMelody" -> {
                s.put("plain", utf8("[60, -2, 60, -2, 67, -2, 67, -2]"));
                s.put("curly", utf8("\u201C[60, \u22122, 62]\u201D"));
                s.put("bare", utf8("60,-1,62,"));
            }
            case "hparams" -> {
                s.put("base", utf8(HParams.BASE));
                s.put("override", utf8("batch_size=8,rnn_layer_sizes=[16, 16],attn_length=4"));
                s.put("flags", utf8("residual_connections=true,use_cudnn=0,clip_norm=1e-3"));
            }
            default -> throw new IllegalArgumentException(target);
        }
        return s;
    }

    /** Ten bars of a scale-wise tune in 4/4 at 120 qpm: long enough for every config's extractor. */
    static NoteSequence tune() {
        NoteSequence.Builder b = NoteSequence.newBuilder().setTicksPerQuarter(220);
        b.addTempos(NoteSequence.Tempo.newBuilder().setQpm(120));
        b.addTimeSignatures(NoteSequence.TimeSignature.newBuilder().setNumerator(4).setDenominator(4));
        int[] pitches = {60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62};
        double t = 0;
        for (int i = 0; i < 40; i++) {
            b.addNotes(NoteSequence.Note.newBuilder().setPitch(pitches[i % pitches.length]).setVelocity(90)
                    .setStartTime(t).setEndTime(t + 0.45));
            t += 0.5;
        }
        return b.setTotalTime(t).build();
    }

    /** Several instruments, drums, a meter, key, tempo change, pitch bend and control changes. */
    static NoteSequence rich() {
        NoteSequence.Builder b = NoteSequence.newBuilder().setTicksPerQuarter(480);
        b.addTempos(NoteSequence.Tempo.newBuilder().setQpm(100));
        b.addTempos(NoteSequence.Tempo.newBuilder().setTime(2).setQpm(140));
        b.addTimeSignatures(NoteSequence.TimeSignature.newBuilder().setNumerator(3).setDenominator(4));
        b.addKeySignatures(NoteSequence.KeySignature.newBuilder().setKey(NoteSequence.KeySignature.Key.G)
                .setMode(NoteSequence.KeySignature.Mode.MINOR));
        for (int i = 0; i < 12; i++) {
            b.addNotes(NoteSequence.Note.newBuilder().setInstrument(0).setProgram(0).setPitch(55 + i).setVelocity(80)
                    .setStartTime(i * 0.3).setEndTime(i * 0.3 + 0.6));
            b.addNotes(NoteSequence.Note.newBuilder().setInstrument(9).setIsDrum(true).setPitch(36).setVelocity(100)
                    .setStartTime(i * 0.3).setEndTime(i * 0.3 + 0.1));
        }
        b.addPitchBends(NoteSequence.PitchBend.newBuilder().setInstrument(0).setTime(1).setBend(-200));
        b.addControlChanges(NoteSequence.ControlChange.newBuilder().setInstrument(0).setTime(0.5)
                .setControlNumber(64).setControlValue(127));
        return b.setTotalTime(4.2).build();
    }

    static byte[] bundle(ModelConfig config, String hparams) throws IOException {
        EncoderDecoder enc = config.encoderDecoder();
        LstmNetwork net = new LstmNetwork(enc.inputSize(), enc.numClasses(), enc.defaultEventLabel(),
                HParams.parse(hparams, config.hparams()), 7);
        Path dir = Files.createTempDirectory("seed");
        Path tmp = dir.resolve("seed.mag"); // a new name: bundles are never written over a file
        try {
            Bundle.save(new Bundle(config, net, "fuzz seed"), tmp);
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(dir);
        }
    }

    static byte[] tfRecord(List<byte[]> records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TfRecordWriter w = new TfRecordWriter(out)) {
            for (byte[] r : records) {
                w.write(r);
            }
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** All seeds of a target, for callers that want a list. */
    static List<byte[]> list(String target) throws IOException {
        return new ArrayList<>(seeds(target).values());
    }
}
