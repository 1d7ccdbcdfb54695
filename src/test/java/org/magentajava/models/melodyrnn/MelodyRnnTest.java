package org.magentajava.models.melodyrnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.magentajava.events.LookbackEncoderDecoder;
import org.magentajava.events.OneHotEncoderDecoder;
import org.magentajava.io.BadInputException;
import org.magentajava.melody.KeyMelodyEncoderDecoder;
import org.magentajava.models.ModelConfig;
import org.magentajava.registry.ModelRegistry;

class MelodyRnnTest {

    @Test
    void theMelodyConfigs() {
        assertEquals(List.of("basic_rnn", "mono_rnn", "lookback_rnn", "attention_rnn", "phrase_rnn"),
                MelodyRnn.FAMILY.configs().stream().map(ModelConfig::name).toList());
        ModelConfig basic = ModelRegistry.config("basic_rnn");
        assertEquals(48, basic.minNote());
        assertEquals(84, basic.maxNote());
        assertEquals(0, basic.transposeToKey());
        assertEquals(4, basic.stepsPerQuarter());
        assertEquals("batch_size=128,rnn_layer_sizes=[128,128],dropout_keep_prob=0.5,attn_length=0,clip_norm=5,"
                + "learning_rate=0.001,residual_connections=false", basic.hparams());
        ModelConfig mono = ModelRegistry.config("mono_rnn");
        assertEquals(0, mono.minNote());
        assertEquals(128, mono.maxNote());
        assertNull(mono.transposeToKey());
        assertEquals(basic.hparams(), mono.hparams());
        assertEquals(basic.hparams(), ModelRegistry.config("lookback_rnn").hparams());
        assertEquals("batch_size=128,rnn_layer_sizes=[128,128],dropout_keep_prob=0.5,attn_length=40,clip_norm=3,"
                + "learning_rate=0.001,residual_connections=false", ModelRegistry.config("attention_rnn").hparams());
        assertInstanceOf(OneHotEncoderDecoder.class, basic.encoderDecoder());
        assertInstanceOf(LookbackEncoderDecoder.class, MelodyRnn.LOOKBACK_RNN.encoderDecoder());
        assertInstanceOf(KeyMelodyEncoderDecoder.class, MelodyRnn.ATTENTION_RNN.encoderDecoder());
    }

    @Test
    void unknownNameListsTheValidOnes() {
        BadInputException e = assertThrows(BadInputException.class, () -> ModelRegistry.config("jazz_rnn"));
        assertTrue(e.getMessage().contains("jazz_rnn"));
        assertTrue(e.getMessage().contains("basic_rnn, mono_rnn, lookback_rnn, attention_rnn"), e.getMessage());
    }

    @Test
    void encoderNameConfigsUseTheBaseHyperparameters() {
        ModelConfig key = MelodyRnn.forEncoderName("key", "my_rnn", "mine");
        assertEquals("my_rnn", key.name());
        assertEquals(74, key.encoderDecoder().inputSize());
        assertEquals("batch_size=64,rnn_layer_sizes=[128,128],dropout_keep_prob=1.0,attn_length=0,clip_norm=3,"
                + "learning_rate=0.001,residual_connections=false", key.hparams());
        assertEquals(38, MelodyRnn.forEncoderName("onehot", null, null).encoderDecoder().numClasses());
        assertEquals(121, MelodyRnn.forEncoderName("lookback", null, null).encoderDecoder().inputSize());
        assertThrows(BadInputException.class, () -> MelodyRnn.forEncoderName("bogus", null, null));
    }

    @Test
    void configValidation() {
        assertThrows(IllegalArgumentException.class, () -> new ModelConfig("x", "", 60, 70, 0, 4, "",
                MelodyRnn.BASIC_RNN.encoderFactory(), MelodyRnn.NAME));
        assertThrows(IllegalArgumentException.class, () -> new ModelConfig("x", "", 48, 84, 12, 4, "",
                MelodyRnn.BASIC_RNN.encoderFactory(), MelodyRnn.NAME));
    }
}
