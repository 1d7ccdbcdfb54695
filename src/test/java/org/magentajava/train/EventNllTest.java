package org.magentajava.train;

import org.magentajava.models.melodyrnn.MelodyRnn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.bundle.TrainedModel;
import org.magentajava.data.SequenceExamples;
import org.magentajava.events.EncodedSequence;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.events.LookbackEncoderDecoder;
import org.magentajava.models.ModelConfig;
import org.magentajava.melody.MelodyOneHotEncoding;
import org.magentajava.events.SequenceEvents;
import org.magentajava.model.HParams;
import org.magentajava.model.LstmNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event NLL: -log of the summed probability of every class that decodes to the actual next event. */
class EventNllTest {
    @TempDir
    Path dir;

    final SkipLog skips = new SkipLog(new PrintStream(new ByteArrayOutputStream()));

    /** A network whose output ignores its input: every step's logits are {@code logits}. */
    static LstmNetwork fixedOutput(int inputSize, double... logits) {
        LstmNetwork net = new LstmNetwork(inputSize, logits.length, 0,
                HParams.parse("rnn_layer_sizes=[3],dropout_keep_prob=1.0"), 1, DataType.DOUBLE);
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> p = net.parameters();
        net.setParameters(Map.of("fully_connected/weights", Nd4j.zeros(DataType.DOUBLE, p.get("fully_connected/weights").shape()),
                "fully_connected/biases", Nd4j.create(logits, new long[] {logits.length}, 'c')), true);
        return net;
    }

    Path write(String name, List<EncodedSequence> sequences) throws IOException {
        List<SequenceExamples.Encoded> list = new ArrayList<>();
        for (EncodedSequence s : sequences) {
            list.add(new SequenceExamples.Encoded(s.inputs(), s.labels()));
        }
        return Melodies.write(dir.resolve(name), list);
    }

    @Test
    void twoClassesOfOneNoteAreSummedByHand() throws IOException {
        // classes 0 NO_EVENT, 1 NOTE_OFF, 2 pitch 60, 3 pitch 61, 4 "repeat 2 steps back"
        LookbackEncoderDecoder enc = new LookbackEncoderDecoder(new MelodyOneHotEncoding(60, 62), new int[] {2}, 1);
        EncodedSequence seq = enc.encode(new int[] {60, 61, 60, 61}); // labels 3, 4, 4
        // probabilities 1/20, 2/20, 3/20, 4/20, 10/20 at every step
        LstmNetwork net = fixedOutput(enc.inputSize(), 0, Math.log(2), Math.log(3), Math.log(4), Math.log(10));
        SequenceEvents events = new SequenceEvents(enc);
        Evaluator.Score score = Evaluator.score(new NetworkModel(net), write("tiny.tfrecord", List.of(seq)), 4, 0,
                MetricCounts.EVERY_LABEL, events::eventClasses, skips);
        Metrics m = score.counts().metrics();
        // label loss: -ln(4/20) - ln(10/20) - ln(10/20) = ln 20 over 3 steps
        assertEquals(Math.log(20) / 3, m.loss(), 1e-12);
        // step 1: 61 only as its own class; step 2: 60 as class 2 or "repeat" (3 + 10)/20; step 3: 61 as class 3
        // or "repeat" (4 + 10)/20
        double expected = (Math.log(5) + Math.log(20.0 / 13) + Math.log(20.0 / 14)) / 3;
        assertEquals(expected, m.eventNll(), 1e-12);
        assertEquals(Math.exp(expected), m.eventPerplexity(), 1e-12);
    }

    @Test
    void eventArgmaxCountsANotePredictedThroughAnyOfItsClasses() throws IOException {
        // classes 0 NO_EVENT, 1 NOTE_OFF, 2 pitch 60, 3 pitch 61, 4 "repeat 2 steps back"
        LookbackEncoderDecoder enc = new LookbackEncoderDecoder(new MelodyOneHotEncoding(60, 62), new int[] {2}, 1);
        EncodedSequence seq = enc.encode(new int[] {60, 61, 60, 61}); // labels 3, 4, 4
        // probabilities 1/20, 1/20, 8/20, 6/20, 4/20 at every step: the class argmax is always class 2 (pitch 60)
        LstmNetwork net = fixedOutput(enc.inputSize(), 0, 0, Math.log(8), Math.log(6), Math.log(4));
        SequenceEvents events = new SequenceEvents(enc);
        Metrics m = Evaluator.score(new NetworkModel(net), write("argmax.tfrecord", List.of(seq)), 4, 0,
                MetricCounts.EVERY_LABEL, EventClasses.of(events::eventClasses, events::classGroups), skips)
                .counts().metrics();
        // the label is never class 2: Magenta's accuracy and event_accuracy are 0
        assertEquals(0, m.accuracy(), 0);
        assertEquals(0, m.eventAccuracy(), 0);
        // step 0 (61 after [60]; "repeat" means NO_EVENT): NO_EVENT 5/20, 60 8/20, 61 6/20 -> 60, wrong;
        // step 1 (60 after [60, 61]; "repeat" means 60): 60 (8 + 4)/20 -> 60, right;
        // step 2 (61 after [60, 61, 60]; "repeat" means 61): 60 8/20, 61 (6 + 4)/20 -> 61, right, though the
        // class argmax is pitch 60
        assertEquals(2.0 / 3, m.eventArgmaxAccuracy(), 1e-12);
        assertEquals(2.0 / 3, m.byTag(true).get("metrics/event_argmax_accuracy"), 1e-12);
        assertTrue(m.eventText().endsWith("event_argmax_accuracy: 0.6667"), m.eventText());
    }

    @Test
    void eventNllIsTheLabelLossForBasicRnn() throws IOException {
        EncoderDecoder enc = MelodyRnn.BASIC_RNN.encoderDecoder();
        assertSame(EventClasses.LABELS, TrainedModel.eventClasses(MelodyRnn.BASIC_RNN));
        List<EncodedSequence> seqs = new ArrayList<>();
        for (long seed = 0; seed < 5; seed++) {
            seqs.add(enc.encode(randomMelody(new Random(seed), 40)));
        }
        Path file = write("basic.tfrecord", seqs);
        NetworkModel model = NetworkModel.create(enc.inputSize(), enc.numClasses(), enc.defaultEventLabel(),
                HParams.parse("rnn_layer_sizes=[8]"), 3);
        Metrics m = Evaluator.score(model, file, 2, enc.defaultEventLabel(), MetricCounts.EVERY_LABEL,
                EventClasses.LABELS, skips).counts().metrics();
        assertEquals(m.loss(), m.eventNll(), 0);
        // with the classes spelt out (one per step) the sum is the same
        SequenceEvents events = new SequenceEvents(enc);
        Metrics spelt = Evaluator.score(model, file, 2, enc.defaultEventLabel(), MetricCounts.EVERY_LABEL,
                events::eventClasses, skips).counts().metrics();
        assertEquals(m.loss(), spelt.eventNll(), 1e-6);
        // one class per event: the event argmax is the class argmax
        assertEquals(m.accuracy(), m.eventArgmaxAccuracy(), 0);
        assertEquals(m.accuracy(), spelt.eventArgmaxAccuracy(), 0);
    }

    @Test
    void eventNllIsBelowTheLabelLossWhereRepeatsAreAmbiguous() throws IOException {
        for (ModelConfig config : List.of(MelodyRnn.LOOKBACK_RNN, MelodyRnn.ATTENTION_RNN)) {
            EncoderDecoder enc = config.encoderDecoder();
            List<EncodedSequence> seqs = new ArrayList<>();
            for (long seed = 0; seed < 4; seed++) {
                seqs.add(enc.encode(org.magentajava.events.SequenceEventsTestMelodies.folkLike(seed, 5)));
            }
            Path file = write(config.name() + ".tfrecord", seqs);
            HParams hp = HParams.parse("rnn_layer_sizes=[8],attn_length=" + (config == MelodyRnn.ATTENTION_RNN ? 4 : 0));
            NetworkModel model = NetworkModel.create(enc.inputSize(), enc.numClasses(), enc.defaultEventLabel(), hp, 3);
            Metrics m = Evaluator.score(model, file, 3, enc.defaultEventLabel(), MetricCounts.EVERY_LABEL,
                    TrainedModel.eventClasses(config), skips).counts().metrics();
            assertTrue(m.eventNll() < m.loss() - 0.01, config.name() + ": " + m.eventNll() + " vs " + m.loss());
        }
    }

    static int[] randomMelody(Random r, int length) {
        int[] events = new int[length];
        for (int i = 0; i < length; i++) {
            int roll = r.nextInt(4);
            events[i] = roll == 0 ? -2 : roll == 1 && i > 0 ? -1 : 48 + r.nextInt(36);
        }
        return events;
    }
}
