package org.magentajava.melody;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.events.IncrementalEncoder;
import org.magentajava.midi.MidiIo;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.melodyrnn.MelodyDatasetPipeline;
import org.magentajava.proto.NoteSequence;
import org.magentajava.registry.ModelRegistry;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Encode -> decode round trips for every config on real melodies from the Nottingham corpus. */
class NottinghamRoundTripTest {
    static final List<String> TUNES = List.of("ashover1.mid", "jigs10.mid", "hpps1.mid", "waltzes1.mid",
            "reelsa-c1.mid");

    @ParameterizedTest
    @ValueSource(strings = {"basic_rnn", "mono_rnn", "lookback_rnn", "attention_rnn"})
    void labelsDecodeBackToTheMelodyAndIncrementalInputsMatch(String name) {
        ModelConfig config = ModelRegistry.config(name);
        EncoderDecoder enc = config.encoderDecoder();
        int melodies = 0;
        for (String tune : TUNES) {
            NoteSequence ns = MidiIo.read(Path.of("../shared/data/nottingham", tune));
            for (MelodyDatasetPipeline.EncodedMelody m : MelodyDatasetPipeline.process(ns, config).melodies()) {
                int[] events = m.melody().events();
                int[] labels = m.labels();
                assertEquals(events.length - 1, labels.length);
                for (int i = 1; i < events.length; i++) {
                    assertEquals(events[i], enc.classToEvent(labels[i - 1], events, i),
                            tune + " " + name + " step " + i);
                }
                // The generation-time encoder, fed one event at a time, gives the dataset's input vectors.
                IncrementalEncoder inc = enc.newIncrementalEncoder();
                for (int i = 0; i < labels.length; i++) {
                    inc.append(events[i]);
                    assertArrayEquals(m.inputs()[i], inc.input(), tune + " " + name + " input " + i);
                }
                for (int e : events) {
                    assertTrue(e < 0 || (e >= config.minNote() && e < config.maxNote()), "squashed into range");
                }
                melodies++;
            }
        }
        assertTrue(melodies >= 5, "melodies checked: " + melodies);
    }
}
