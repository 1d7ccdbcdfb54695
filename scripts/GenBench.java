import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.magentajava.bundle.TrainedModel;
import org.magentajava.generate.NetworkStepModel;
import org.magentajava.generate.SearchSettings;
import org.magentajava.generate.StepModel;
import org.magentajava.melody.Melody;
import org.magentajava.models.melodyrnn.MelodyGenerator;
import org.magentajava.proto.NoteSequence;

/**
 * In-JVM generation time for a long primer continued with beam 4 x branch 2: the bundle's real network, and a
 * free step model (zero logits, no work) that leaves only the search's own cost (encoding, sampling, pruning).
 * Usage, after a build: java -cp "target/melody.jar:target/lib/*" scripts/GenBench.java BUNDLE PRIMER_STEPS NUM_STEPS
 * e.g. bundles/attention_rnn.mag 512 1024.
 */
public class GenBench {
    public static void main(String[] args) throws Exception {
        TrainedModel m = TrainedModel.load(null, Path.of(args[0]), null);
        int[] phrase = {60, -2, 62, -2, 64, -2, 65, -2, 67, -2, -2, -2, 65, -2, 64, -2};
        int primerSteps = Integer.parseInt(args[1]);
        int numSteps = Integer.parseInt(args[2]);
        int[] events = new int[primerSteps];
        for (int i = 0; i < primerSteps; i++) events[i] = phrase[i % 16];
        NoteSequence primer = new Melody(events, 0, 4, 16).toSequence(100, 0, 0, 0.0, 120);
        SearchSettings beam = new SearchSettings(1.0, 4, 2, 1);
        int classes = m.config().encoderDecoder().numClasses();
        StepModel<int[]> free = new StepModel<>() {
            public int[] initialState(int b) { return new int[b]; }
            public Output<int[]> step(int[] s, float[][] in) { return new Output<>(s, new float[in.length][classes]); }
            public int[] selectRows(int[] s, int[] rows) { return new int[rows.length]; }
        };
        run("network", new MelodyGenerator<>(new NetworkStepModel(m.network()), m.config()), primer, numSteps, beam);
        run("free step model", new MelodyGenerator<>(free, m.config()), primer, numSteps, beam);
    }

    static void run(String label, MelodyGenerator<?> g, NoteSequence primer, int numSteps, SearchSettings beam) {
        double[] ms = new double[7];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            g.generate(new MelodyGenerator.Request(primer, 120, numSteps, beam), new SplittableRandom(i));
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        double[] timed = Arrays.copyOfRange(ms, 2, ms.length);
        Arrays.sort(timed);
        System.out.printf("%-16s best %.0f ms, median %.0f ms (5 runs after 2 warm-ups)%n", label, timed[0], timed[2]);
    }
}
