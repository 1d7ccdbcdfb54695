package org.magentajava.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.magentajava.io.BadInputException;

class HParamsTest {
    static final String ATTENTION_DEFAULTS = "batch_size=128,rnn_layer_sizes=[128,128],dropout_keep_prob=0.5,"
            + "attn_length=40,clip_norm=3,learning_rate=0.001";

    @Test
    void overridesLayerOverConfigDefaults() {
        HParams hp = HParams.parse("batch_size=64, rnn_layer_sizes=[64,32,16],residual_connections=true", ATTENTION_DEFAULTS);
        assertEquals(64, hp.batchSize());
        assertEquals(List.of(64, 32, 16), hp.rnnLayerSizes());
        assertEquals(0.5, hp.dropoutKeepProb());
        assertEquals(40, hp.attnLength());
        assertEquals(3.0, hp.clipNorm());
        assertTrue(hp.residualConnections());
        assertEquals(hp, HParams.parse(hp.toString()));
        assertEquals("batch_size=64,rnn_layer_sizes=[64,32,16],dropout_keep_prob=0.5,attn_length=40,clip_norm=3.0,"
                + "learning_rate=0.001,residual_connections=true,use_cudnn=false", hp.toString());
        assertEquals(HParams.base(), HParams.parse(""));
        assertEquals(128, HParams.base().with("attn_length=7").rnnLayerSizes().get(1));
    }

    @Test
    void unknownKeyListsValidKeys() {
        BadInputException e = assertThrows(BadInputException.class, () -> HParams.parse("batch_sise=3"));
        assertTrue(e.getMessage().contains("batch_sise"), e.getMessage());
        assertTrue(e.getMessage().contains("rnn_layer_sizes") && e.getMessage().contains("attn_length"), e.getMessage());
    }

    @Test
    void badValuesAreRejected() {
        for (String bad : List.of("rnn_layer_sizes=[64,64", "rnn_layer_sizes=64", "rnn_layer_sizes=[64,x]",
                "rnn_layer_sizes=[64,,64]", "batch_size=1.5", "clip_norm=abc", "learning_rate=nan",
                "residual_connections=maybe", "dropout_keep_prob=0", "batch_size", "=3", "attn_length=-1")) {
            BadInputException e = assertThrows(BadInputException.class, () -> HParams.parse(bad), bad);
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
