package org.magentajava.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.io.BadSettingException;
import org.magentajava.model.HParams;
import org.magentajava.model.LstmNetwork;
import org.magentajava.models.melodyrnn.MelodyRnn;
import org.magentajava.train.CheckpointHeader;
import org.magentajava.train.Checkpoints;
import org.magentajava.train.DataPosition;
import org.magentajava.train.NetworkModel;
import org.magentajava.train.RunDirs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunExportTest {
    @TempDir
    Path dir;

    /** A basic_rnn run whose train/ holds checkpoints at global steps 3 and 9, of different weights. */
    private LstmNetwork runWithTwoCheckpoints(Path run) throws IOException {
        HParams hp = HParams.parse("rnn_layer_sizes=[6]", MelodyRnn.BASIC_RNN.hparams());
        LstmNetwork last = null;
        for (long step : new long[] {3, 9}) {
            NetworkModel model = NetworkModel.create(38, 38, 0, hp, step);
            Checkpoints.save(run.resolve("train"), new CheckpointHeader("basic_rnn", hp.toString(), 38, 38, step,
                    DataPosition.start(0)), model, 0);
            last = model.network();
        }
        return last;
    }

    @Test
    void savesTheChosenCheckpointAsABundleAndSaysWhereItCameFrom() throws IOException {
        Path run = dir.resolve("run");
        LstmNetwork latest = runWithTwoCheckpoints(run);
        Path file = dir.resolve("out.mag");
        RunExport.Written w = RunExport.toBundle(MelodyRnn.BASIC_RNN, run, RunDirs.LATEST, file, "two steps in");
        assertEquals(9, w.globalStep());
        assertEquals(run.resolve("train/model.ckpt-9.mjckpt"), w.checkpoint());
        assertEquals(Files.size(file), w.bytes());
        Bundle b = Bundle.load(file);
        assertEquals("two steps in", b.description());
        assertEquals(latest.parameters(), b.network().parameters());
        assertEquals(String.format(java.util.Locale.ROOT, "%s (basic_rnn, global step 9 from %s, %.1f MB)", file,
                w.checkpoint(), Files.size(file) / 1e6), w.describe());

        RunExport.Written third = RunExport.toBundle(MelodyRnn.BASIC_RNN, run, "3", dir.resolve("three.mag"), "");
        assertEquals(3, third.globalStep());
        assertFalse(latest.parameters().equals(Bundle.load(dir.resolve("three.mag")).network().parameters()));

        // an existing bundle is never replaced: saving step 3 over out.mag leaves step 9's bytes
        byte[] before = Files.readAllBytes(file);
        BadSettingException e = assertThrows(BadSettingException.class,
                () -> RunExport.toBundle(MelodyRnn.BASIC_RNN, run, "3", file, ""));
        assertEquals(file + ": already exists; a bundle is never overwritten (choose another --bundle_file or "
                + "remove the old one)", e.messageNaming(f -> "--" + f));
        assertArrayEquals(before, Files.readAllBytes(file));
        assertThrows(org.magentajava.io.BadInputException.class, () -> Bundle.save(Bundle.load(file), file));
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aRunOfAnotherConfigIsRefusedNamingTheConfigSetting() throws IOException {
        Path run = dir.resolve("run");
        runWithTwoCheckpoints(run);
        Path file = dir.resolve("never.mag");
        BadSettingException e = assertThrows(BadSettingException.class,
                () -> RunExport.toBundle(MelodyRnn.LOOKBACK_RNN, run, RunDirs.LATEST, file, ""));
        assertEquals(run.resolve("train/model.ckpt-9.mjckpt") + " was trained with config basic_rnn, not lookback_rnn",
                e.getMessage());
        assertEquals(List.of("config"), e.fields());
        assertFalse(Files.exists(file));
    }

    @Test
    void magentaJsFolderCarriesNoSize() throws IOException {
        Path run = dir.resolve("run");
        runWithTwoCheckpoints(run);
        Path folder = dir.resolve("web");
        RunExport.Written w = RunExport.toMagentaJs(MelodyRnn.BASIC_RNN, run, RunDirs.LATEST, folder);
        assertEquals(folder + " (basic_rnn, global step 9 from " + run.resolve("train/model.ckpt-9.mjckpt") + ")",
                w.describe());
        assertEquals(0, w.bytes());
    }

    @Test
    void calibratedBundleCarriesTheRepeatCorrectionItsFitFound() throws IOException {
        Path run = dir.resolve("run");
        runWithTwoCheckpoints(run);
        // three basic_rnn melodies with repeated and changing pitches
        org.magentajava.events.EncoderDecoder encoder = MelodyRnn.BASIC_RNN.encoderDecoder();
        Path dev = dir.resolve("dev.tfrecord");
        try (var writer = new org.magentajava.data.TfRecordWriter(Files.newOutputStream(dev))) {
            for (int[] events : new int[][] {
                {60, -2, 60, -2, 62, -2, 62, -1, 64, -2, 60, -2, 60, -2, -2, -2},
                {-2, 67, -2, -2, 65, -2, 64, -2, 64, -2, 62, -2, 60, -2, -2, -1},
                {72, 72, 72, -2, 71, -2, 69, 69, -2, -2, 67, -2, -1, -2, 67, -2}}) {
                var e = encoder.encode(events);
                writer.write(org.magentajava.data.SequenceExamples.serialize(e.inputs(), e.labels()));
            }
        }
        Path file = dir.resolve("calibrated.mag");
        RunExport.Calibrated c = RunExport.toCalibratedBundle(MelodyRnn.BASIC_RNN, run, RunDirs.LATEST, file, "",
                dev);
        RepeatFit fit = c.fit();
        assertEquals(3, fit.melodies());
        assertEquals(45, fit.steps());
        assertFalse(fit.bias().isNone());
        assertTrue(fit.calibratedEventNll() < fit.eventNll(), "the fitted offset is the likelihood's maximum");

        TrainedModel loaded = TrainedModel.load(null, file, null);
        assertEquals(fit.bias(), loaded.repeatBias());
        // the scan's uncorrected event NLL is evaluate's; evaluate adds the bundle's correction and its NLL
        var figures = loaded.evaluate(dev, 2, new org.magentajava.train.SkipLog(System.err)).figures();
        java.util.Map<String, Double> byName = new java.util.HashMap<>();
        figures.forEach(f -> byName.put(f.name(), f.value()));
        assertEquals(fit.eventNll(), byName.get("event_nll"), 1e-5);
        assertEquals(fit.bias().logOdds(), byName.get("repeat_log_odds"), 0);
        assertEquals(fit.calibratedEventNll(), byName.get("calibrated_event_nll"), 1e-9);

        // the same checkpoint without a calibration: no repeat figures, no correction
        Path plain = dir.resolve("plain.mag");
        RunExport.toBundle(MelodyRnn.BASIC_RNN, run, RunDirs.LATEST, plain, "");
        assertEquals(org.magentajava.events.RepeatBias.NONE, TrainedModel.load(null, plain, null).repeatBias());
        assertFalse(TrainedModel.load(null, plain, null).evaluate(dev, 2,
                new org.magentajava.train.SkipLog(System.err)).figures().stream()
                .anyMatch(f -> f.name().equals("repeat_log_odds")));
    }

    @Test
    void aMelodyRunRecordsNoFrameRateAndRefusesOne() throws IOException {
        Path run = dir.resolve("run");
        runWithTwoCheckpoints(run);
        Path plain = dir.resolve("plain.mag");
        Path before = dir.resolve("before.mag");
        RunExport.Written w = RunExport.toBundle(MelodyRnn.BASIC_RNN, run, RunDirs.LATEST, plain, "d");
        assertEquals(0, w.stepsPerQuarter());
        // the bundle is byte for byte what the shared network's save wrote before rates existed
        Bundle.save(new Bundle(MelodyRnn.BASIC_RNN, RunDirs.latest(run).network(), "d"), before);
        org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(before), Files.readAllBytes(plain));
        BadSettingException e = assertThrows(BadSettingException.class, () -> RunExport.toBundle(MelodyRnn.BASIC_RNN,
                run, RunDirs.LATEST, dir.resolve("rated.mag"), "", 2));
        assertEquals("steps_per_quarter is for the configs whose datasets choose a frame rate (piano roll, "
                + "biaxial_rnn); basic_rnn always works at 4 steps per quarter note", e.getMessage());
        assertFalse(Files.exists(dir.resolve("rated.mag")));
    }

    @Test
    void aBundleRecordingARateItsConfigCannotHaveIsRefused() throws IOException {
        Path run = dir.resolve("run");
        runWithTwoCheckpoints(run);
        Path plain = dir.resolve("plain.mag");
        RunExport.toBundle(MelodyRnn.BASIC_RNN, run, RunDirs.LATEST, plain, "");
        org.magentajava.proto.GeneratorBundle proto = org.magentajava.proto.GeneratorBundle.parseFrom(
                Files.readAllBytes(plain));
        Path two = dir.resolve("two.mag");
        Files.write(two, proto.toBuilder().setStepsPerQuarter(2).build().toByteArray());
        assertEquals(two + ": bundle records 2 steps per quarter note, but basic_rnn always works at 4",
                assertThrows(org.magentajava.io.BadInputException.class, () -> TrainedModel.load(null, two, null))
                        .getMessage());
        Path negative = dir.resolve("negative.mag");
        Files.write(negative, proto.toBuilder().setStepsPerQuarter(-1).build().toByteArray());
        assertEquals(negative + ": bundle records steps per quarter -1 (must be positive)",
                assertThrows(org.magentajava.io.BadInputException.class,
                        () -> TrainedModel.load(null, negative, null)).getMessage());
        // its own rate restated is harmless
        Path four = dir.resolve("four.mag");
        Files.write(four, proto.toBuilder().setStepsPerQuarter(4).build().toByteArray());
        TrainedModel m = TrainedModel.load(null, four, null);
        assertEquals(java.util.OptionalInt.of(4), m.recordedStepsPerQuarter());
        assertEquals(java.util.OptionalInt.empty(), TrainedModel.load(null, plain, null).recordedStepsPerQuarter());
        assertEquals(4, TrainedModel.load(null, plain, null).stepsPerQuarter());
    }
}
