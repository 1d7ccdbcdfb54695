package org.magentajava.melody;

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

class MelodyConfigTest {

    @Test
    void theFourConfigs() {
        assertEquals(List.of("basic_rnn", "mono_rnn", "lookback_rnn", "attention_rnn"),
                MelodyConfig.all().stream().map(MelodyConfig::name).toList());
        MelodyConfig basic = MelodyConfig.byName("basic_rnn");
        assertEquals(48, basic.minNote());
        assertEquals(84, basic.maxNote());
        assertEquals(0, basic.transposeToKey());
        assertEquals(4, basic.stepsPerQuarter());
        assertEquals("batch_size=128,rnn_layer_sizes=[128,128],dropout_keep_prob=0.5,attn_length=0,clip_norm=5,"
                + "learning_rate=0.001,residual_connections=false", basic.hparams());
        MelodyConfig mono = MelodyConfig.byName("mono_rnn");
        assertEquals(0, mono.minNote());
        assertEquals(128, mono.maxNote());
        assertNull(mono.transposeToKey());
        assertEquals(basic.hparams(), mono.hparams());
        assertEquals(basic.hparams(), MelodyConfig.byName("lookback_rnn").hparams());
        assertEquals("batch_size=128,rnn_layer_sizes=[128,128],dropout_keep_prob=0.5,attn_length=40,clip_norm=3,"
                + "learning_rate=0.001,residual_connections=false", MelodyConfig.byName("attention_rnn").hparams());
        assertInstanceOf(OneHotEncoderDecoder.class, basic.encoderDecoder());
        assertInstanceOf(LookbackEncoderDecoder.class, MelodyConfig.LOOKBACK_RNN.encoderDecoder());
        assertInstanceOf(KeyMelodyEncoderDecoder.class, MelodyConfig.ATTENTION_RNN.encoderDecoder());
    }

    @Test
    void unknownNameListsTheValidOnes() {
        BadInputException e = assertThrows(BadInputException.class, () -> MelodyConfig.byName("jazz_rnn"));
        assertTrue(e.getMessage().contains("jazz_rnn"));
        assertTrue(e.getMessage().contains("basic_rnn, mono_rnn, lookback_rnn, attention_rnn"), e.getMessage());
    }

    @Test
    void encoderNameConfigsUseTheBaseHyperparameters() {
        MelodyConfig key = MelodyConfig.forEncoderName("key", "my_rnn", "mine");
        assertEquals("my_rnn", key.name());
        assertEquals(74, key.encoderDecoder().inputSize());
        assertEquals("batch_size=64,rnn_layer_sizes=[128,128],dropout_keep_prob=1.0,attn_length=0,clip_norm=3,"
                + "learning_rate=0.001,residual_connections=false", key.hparams());
        assertEquals(38, MelodyConfig.forEncoderName("onehot", null, null).encoderDecoder().numClasses());
        assertEquals(121, MelodyConfig.forEncoderName("lookback", null, null).encoderDecoder().inputSize());
        assertThrows(BadInputException.class, () -> MelodyConfig.forEncoderName("bogus", null, null));
    }

    @Test
    void configValidation() {
        assertThrows(IllegalArgumentException.class, () -> new MelodyConfig("x", "", 60, 70, 0, 4, "",
                MelodyConfig.BASIC_RNN.encoderFactory()));
        assertThrows(IllegalArgumentException.class, () -> new MelodyConfig("x", "", 48, 84, 12, 4, "",
                MelodyConfig.BASIC_RNN.encoderFactory()));
    }
}
