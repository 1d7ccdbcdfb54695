import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.magentajava.data.TfRecordReader;
import org.magentajava.data.TfRecordWriter;
import org.magentajava.pianoroll.BenchmarkRolls;
import org.magentajava.proto.NoteSequence;

/**
 * Rewrites NoteSequences as the piano-roll benchmarks sample music: at each beat (quarter note) the keys that sound
 * at that instant, each run of beats a key sounds made one note from the first beat to the end of the last. Magenta's
 * quantizer instead gives a quarter-note frame every note that overlaps it, so two eighth notes of a melody share
 * one frame (48.9% of Nottingham's quarter-note frames hold two or more melody notes that way; 0.8% sampled at the
 * beat). Feed the output to `create-dataset --steps_per_quarter 1` to get rolls of the benchmarks' kind. All notes
 * land on one instrument and program at velocity 100 (BenchmarkRolls, as convert-pianoroll writes the benchmark
 * files); tempo, time signatures, ids and file names are kept.
 * Usage, after a build: java -cp "target/melody.jar:target/lib/*" scripts/BeatSampledRolls.java IN.tfrecord OUT.tfrecord
 * (IN: convert-dir's NoteSequences, one tempo each; a sequence with tempo changes is skipped and counted).
 */
public class BeatSampledRolls {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BeatSampledRolls IN.tfrecord OUT.tfrecord");
            System.exit(64);
        }
        Path out = Path.of(args[1]);
        if (Files.exists(out)) {
            System.err.println(out + ": already exists");
            System.exit(2);
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".partial");
        int written = 0;
        int skipped = 0;
        try (TfRecordReader in = TfRecordReader.open(Path.of(args[0]));
             TfRecordWriter w = new TfRecordWriter(new java.io.BufferedOutputStream(Files.newOutputStream(tmp)))) {
            byte[] rec;
            while ((rec = in.next()) != null) {
                NoteSequence ns = NoteSequence.parseFrom(rec);
                if (ns.getTemposCount() > 1) {
                    skipped++;
                    continue;
                }
                w.write(sampled(ns).toByteArray());
                written++;
            }
        }
        Files.move(tmp, out);
        System.out.println("wrote " + written + " beat-sampled sequences to " + out + " (" + skipped
                + " with tempo changes skipped)");
    }

    /** The keys sounding at each beat, as a benchmark piece's frames, back into notes (BenchmarkRolls). */
    static NoteSequence sampled(NoteSequence ns) {
        double qpm = ns.getTemposCount() > 0 ? ns.getTempos(0).getQpm() : 120.0;
        double beat = 60.0 / qpm;
        int beats = (int) Math.ceil(ns.getTotalTime() / beat - 1e-9);
        List<TreeSet<Integer>> sounding = new ArrayList<>();
        for (int b = 0; b < beats; b++) sounding.add(new TreeSet<>());
        for (NoteSequence.Note n : ns.getNotesList()) {
            if (n.getIsDrum()) continue;
            for (int b = (int) Math.ceil(n.getStartTime() / beat - 1e-6); b < beats && b * beat + 1e-6 < n.getEndTime(); b++) {
                sounding.get(b).add(n.getPitch());
            }
        }
        List<int[]> frames = new ArrayList<>();
        for (TreeSet<Integer> keys : sounding) frames.add(keys.stream().mapToInt(Integer::intValue).toArray());
        NoteSequence notes = BenchmarkRolls.toNoteSequence(frames, qpm, ns.getId());
        // keep the piece's own header (meter, key, names) around the sampled notes
        return ns.toBuilder().clearNotes().addAllNotes(notes.getNotesList()).setTotalTime(notes.getTotalTime()).build();
    }
}
