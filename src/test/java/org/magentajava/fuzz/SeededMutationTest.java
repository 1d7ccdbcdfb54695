package org.magentajava.fuzz;

import org.junit.jupiter.api.Test;
import org.magentajava.proto.NoteSequence;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The short fixed-seed fuzzing run of {@code mvn verify}: every target gets {@link #PER_TARGET} byte-level mutants of
 * its seeds (bit flips, interesting integers, truncation, cut/duplicated ranges, zeroed headers, garbage), all from
 * one fixed seed, so a failure reproduces exactly. NoteSequences also get value-level mutants (extreme, negative and
 * non-finite times, tempos, pitches and meters) that random bytes rarely reach. The long coverage-guided campaign is
 * scripts/fuzz.sh (Jazzer).
 */
class SeededMutationTest {
    static final int PER_TARGET = 1_500;
    static final long SEED = 20261122L;

    @Test
    void mutatedInputsNeverCrashOrHang() throws Exception {
        List<String> findings = new ArrayList<>();
        int tried = 0;
        for (String name : FuzzTargets.NAMES) {
            FuzzTargets.Target target = FuzzTargets.byName(name);
            List<byte[]> seeds = SeedCorpus.list(name);
            SplittableRandom rnd = new SplittableRandom(SEED ^ name.hashCode());
            int n = name.equals("bundle") ? PER_TARGET / 5 : PER_TARGET;
            for (int i = 0; i < n; i++) {
                byte[] input = Mutator.mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
                tried++;
                try {
                    Hang.guard(name, input, target);
                } catch (Throwable t) {
                    findings.add(name + " #" + i + ": " + t);
                }
            }
        }
        SplittableRandom rnd = new SplittableRandom(SEED);
        List<byte[]> seeds = SeedCorpus.list("noteSequence");
        for (int i = 0; i < PER_TARGET; i++) {
            NoteSequence ns = Mutator.mutateValues(NoteSequence.parseFrom(seeds.get(rnd.nextInt(seeds.size()))), rnd);
            tried++;
            try {
                Hang.guard("noteSequence", ns.toByteArray(), FuzzTargets::noteSequence);
            } catch (Throwable t) {
                findings.add("noteSequence values #" + i + ": " + t + " on " + shortText(ns));
            }
        }
        assertEquals(List.of(), findings.subList(0, Math.min(10, findings.size())), tried + " inputs tried");
    }

    private static String shortText(NoteSequence ns) {
        String s = ns.toString().replace('\n', ' ');
        return s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }
}
