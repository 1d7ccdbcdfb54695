package org.magentajava.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.magentajava.io.BadInputException;
import org.magentajava.models.biaxialrnn.BiaxialHParams;

/** The syntax HParams and BiaxialHParams share, and the variants each family keeps. */
class HParamsSyntaxTest {
    private static final List<String> KEYS = List.of("sizes", "rate");

    private static String message(Runnable r) {
        return assertThrows(BadInputException.class, r::run).getMessage();
    }

    @Test
    void splitsEntriesOutsideBracketsAndLaterEntriesWin() {
        Map<String, String> values = new LinkedHashMap<>();
        HParamsSyntax.apply(values, KEYS, "", " sizes = [1, 2] ,rate=1,, ");
        HParamsSyntax.apply(values, KEYS, "", "rate=2");
        HParamsSyntax.apply(values, KEYS, "", null);
        assertEquals(Map.of("sizes", "[1, 2]", "rate", "2"), values);
        assertEquals("unknown hparam 'size' for x; valid keys: sizes, rate",
                message(() -> HParamsSyntax.apply(values, KEYS, " for x", "size=3")));
        assertEquals("unbalanced ']' in hparams: sizes=1]",
                message(() -> HParamsSyntax.apply(values, KEYS, "", "sizes=1]")));
        assertEquals("unbalanced '[' in hparams: sizes=[1",
                message(() -> HParamsSyntax.apply(values, KEYS, "", "sizes=[1")));
        assertEquals("hparams entry '=4' is not key=value",
                message(() -> HParamsSyntax.apply(values, KEYS, "", " =4")));
        assertEquals("[3,1,2]", HParamsSyntax.list(List.of(3, 1, 2)));
    }

    @Test
    void eachFamilyKeepsItsValueRules() {
        // events-RNN hparams: any case for booleans, "[]" is an empty list, Java's "1d" is not a number
        assertTrue(HParamsSyntax.toBool("k", "TRUE", true));
        assertEquals(List.of(), HParamsSyntax.toIntList("k", "[ ]", "[128,128]", true));
        assertEquals("hparam k needs a number, got '1d'", message(() -> HParamsSyntax.toDouble("k", "1d", true)));
        assertEquals(1000.0, HParamsSyntax.toDouble("k", "1e3", true));
        // biaxial_rnn hparams, as written: lower case only, "[]" is no list of integers, "1d" reads as 1
        assertEquals("hparam k needs true or false, got 'TRUE'",
                message(() -> HParamsSyntax.toBool("k", "TRUE", false)));
        assertEquals("hparam k needs a list of integers, got '[]'",
                message(() -> HParamsSyntax.toIntList("k", "[]", "[300,300]", false)));
        assertEquals(1.0, HParamsSyntax.toDouble("k", "1d", false));
        assertEquals("hparam k needs a list like [300,300], got '300'",
                message(() -> HParamsSyntax.toIntList("k", "300", "[300,300]", false)));
        assertEquals("hparam k needs a number, got 'Infinity'",
                message(() -> HParamsSyntax.toDouble("k", "Infinity", false)));
        assertEquals("hparam k needs an integer, got '1.5'", message(() -> HParamsSyntax.toInt("k", "1.5")));
    }

    @Test
    void biaxialHParamsReadThroughTheSharedSyntax() {
        BiaxialHParams hp = BiaxialHParams.parse("time_layer_sizes=[8, 4],residual_connections=0",
                BiaxialHParams.DEFAULTS.toString());
        assertEquals(List.of(8, 4), hp.timeLayerSizes());
        assertEquals("batch_size=8,time_layer_sizes=[8,4],note_layer_sizes=[100,50],dropout_keep_prob=0.5,"
                + "clip_norm=5.0,learning_rate=0.001,segment_length=128,residual_connections=false", hp.toString());
        assertEquals("unknown hparam 'rnn_layer_sizes' for biaxial_rnn; valid keys: batch_size, time_layer_sizes, "
                + "note_layer_sizes, dropout_keep_prob, clip_norm, learning_rate, segment_length, residual_connections",
                message(() -> BiaxialHParams.parse("rnn_layer_sizes=[8]", BiaxialHParams.DEFAULTS.toString())));
    }
}
