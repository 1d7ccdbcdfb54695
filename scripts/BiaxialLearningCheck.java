import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.magentajava.biaxial.NoteStateEncoding;
import org.magentajava.biaxial.NoteStates;
import org.magentajava.data.SequenceExamples;
import org.magentajava.models.biaxialrnn.BiaxialHParams;
import org.magentajava.models.biaxialrnn.BiaxialModel;
import org.magentajava.pianoroll.EncodedRoll;
import org.magentajava.train.Batch;
import org.magentajava.train.StepResult;

/**
 * Whether a biaxial_rnn network learns what a piece's previous step says: 64 synthetic 32-step pieces of four
 * voices, each holding a random key of MIDI 51..80 for 4 to 8 steps. Per-key base rates alone give about 12 nats
 * per step; knowing which keys sounded a step ago leaves about 4-5. Trains on random batches of 8 and prints the
 * frame and articulation NLL over all 64 pieces every 25 steps.
 * Usage, after a build: java -cp "target/melody.jar:target/lib/*" scripts/BiaxialLearningCheck.java HPARAMS STEPS
 * e.g. "time_layer_sizes=[32,32],note_layer_sizes=[16,8],dropout_keep_prob=1.0,learning_rate=0.02" 300.
 */
public class BiaxialLearningCheck {
    public static void main(String[] args) {
        Random r = new Random(1);
        NoteStateEncoding encoding = new NoteStateEncoding(21, 88);
        List<SequenceExamples.Encoded> pieces = new ArrayList<>();
        for (int p = 0; p < 64; p++) {
            boolean[][] play = new boolean[32][88];
            boolean[][] art = new boolean[32][88];
            for (int voice = 0; voice < 4; voice++) {
                for (int t = 0; t < 32; ) {
                    int key = 30 + r.nextInt(30);
                    int length = 4 + r.nextInt(5);
                    for (int i = t; i < Math.min(32, t + length); i++) play[i][key] = true;
                    art[t][key] = true;
                    t += length;
                }
            }
            EncodedRoll e = encoding.encode(NoteStates.of(play, art, 21, 4, 16));
            pieces.add(SequenceExamples.Encoded.multiHot(e.inputs(), e.targets()));
        }
        BiaxialModel m = BiaxialModel.create(BiaxialHParams.parse(args[0], BiaxialHParams.DEFAULTS.toString()), 1);
        Batch all = Batch.of(pieces, encoding.recordInputSize());
        int steps = Integer.parseInt(args[1]);
        for (int step = 0; step <= steps; step++) {
            if (step % 25 == 0) {
                m.resetScores();
                StepResult ev = m.evaluate(all);
                System.out.printf("step %d: frame_nll %.3f, articulation_nll %.3f%n", step,
                        ev.lossSum() / all.validSteps(), m.articulationNll() / m.articulationSteps());
            }
            if (step == steps) break;
            List<SequenceExamples.Encoded> batch = new ArrayList<>();
            for (int i = 0; i < 8; i++) batch.add(pieces.get(r.nextInt(pieces.size())));
            m.trainStep(Batch.of(batch, encoding.recordInputSize()));
        }
    }
}
