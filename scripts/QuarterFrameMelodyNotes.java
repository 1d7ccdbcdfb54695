import java.nio.file.Path;
import java.util.*;
import org.magentajava.data.TfRecordReader;
import org.magentajava.proto.NoteSequence;

/**
 * How many melody notes share a quarter-note frame: by Magenta's quantization (a note covers every frame from its
 * rounded start to its rounded end, at least one) against sampling at the beat (the notes sounding at each
 * quarter-note instant, as the piano-roll benchmark files were made). The melody is each sequence's instrument of
 * highest mean pitch. Prints the share of frames with two or more melody notes and the mean notes per frame.
 * Usage, after a build: java -cp "target/melody.jar:target/lib/*" scripts/QuarterFrameMelodyNotes.java NOTESEQUENCES.tfrecord
 */
public class QuarterFrameMelodyNotes {
    public static void main(String[] a) throws Exception {
        long frames = 0, multiMelodyQ = 0, multiMelodyS = 0, notesQ = 0, notesS = 0, seqs = 0;
        Map<Integer, Long> instNotes = new TreeMap<>();
        try (TfRecordReader r = TfRecordReader.open(Path.of(a[0]))) {
            byte[] rec;
            while ((rec = r.next()) != null) {
                NoteSequence ns = NoteSequence.parseFrom(rec);
                double qpm = ns.getTemposCount() > 0 ? ns.getTempos(0).getQpm() : 120;
                double sps = qpm / 60.0; // 1 step per quarter
                int len = (int) Math.ceil(ns.getTotalTime() * sps) + 1;
                // the melody: the instrument of highest mean pitch
                Map<Integer, double[]> mean = new HashMap<>();
                for (var n : ns.getNotesList()) { mean.computeIfAbsent(n.getInstrument(), k -> new double[2]); mean.get(n.getInstrument())[0] += n.getPitch(); mean.get(n.getInstrument())[1]++; }
                int mel = mean.entrySet().stream().max(Comparator.comparingDouble(e -> e.getValue()[0] / e.getValue()[1])).get().getKey();
                int[][] q = new int[2][len + 2];   // [melody?][frame] counts, Magenta quantization
                int[][] smp = new int[2][len + 2]; // sampled at the frame's start instant
                for (var n : ns.getNotesList()) {
                    int m = n.getInstrument() == mel ? 0 : 1;
                    long st = (long) Math.floor(n.getStartTime() * sps + 0.5), en = (long) Math.floor(n.getEndTime() * sps + 0.5);
                    if (en == st) en++;
                    for (long f = st; f < en && f < len + 2; f++) q[m][(int) f]++;
                    for (int f = (int) Math.ceil(n.getStartTime() * sps - 1e-9); f < n.getEndTime() * sps - 1e-9 && f < len + 2; f++) smp[m][f]++;
                }
                for (int f = 0; f < len; f++) {
                    frames++;
                    if (q[0][f] >= 2) multiMelodyQ++;
                    if (smp[0][f] >= 2) multiMelodyS++;
                    notesQ += q[0][f] + q[1][f];
                    notesS += smp[0][f] + smp[1][f];
                }
                seqs++;
            }
        }
        System.out.printf("%d sequences, %d quarter frames%n", seqs, frames);
        System.out.printf("melody with 2+ notes in a frame: quantized %.1f%%, sampled at the beat %.1f%%%n", 100.0 * multiMelodyQ / frames, 100.0 * multiMelodyS / frames);
        System.out.printf("notes per frame: quantized %.2f, sampled %.2f%n", (double) notesQ / frames, (double) notesS / frames);
    }
}
