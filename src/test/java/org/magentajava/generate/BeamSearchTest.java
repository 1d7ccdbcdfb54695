package org.magentajava.generate;

import org.magentajava.events.RepeatBias;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BeamSearchTest {
    private static final double EPS = 1e-6; // the model's logits are float ln p
    private static final double LN2 = Math.log(2);

    private static BeamSearch<int[]> search(MarkovModel model, SearchSettings settings, RandomGenerator random) {
        return new BeamSearch<>(model, new ThreeEventEncoder(), settings, random);
    }

    @Test
    void samplingAddsPrimerLogLikelihoodAndOneDraw() {
        // Primer 60 −2 −2 60: ln P(−2|60) + ln P(−2|−2) + ln P(60|−2) = ln 1/8 + ln 1/2 + ln 1/4 = −6 ln 2.
        // One draw from 60's row, cdf [.125, .25, 1]: u = 0.5 picks 60, p = 3/4.
        MarkovModel model = new MarkovModel();
        ScriptedRandom random = new ScriptedRandom(0.5);
        GeneratedEvents out = search(model, SearchSettings.SAMPLING, random).generate(new int[] {60, -2, -2, 60}, 5);
        assertArrayEquals(new int[] {60, -2, -2, 60, 60}, out.events());
        assertEquals(-6 * LN2 + Math.log(0.75), out.logLikelihood(), EPS);
        assertEquals(4, model.steps, "the primer is fed once; the last event needs no network step");
        assertEquals(1, random.used());

        // u = 0.2 falls in (.125, .25]: note off, p = 1/8, total −9 ln 2.
        GeneratedEvents off = search(new MarkovModel(), SearchSettings.SAMPLING, new ScriptedRandom(0.2))
                .generate(new int[] {60, -2, -2, 60}, 5);
        assertArrayEquals(new int[] {60, -2, -2, 60, -1}, off.events());
        assertEquals(-9 * LN2, off.logLikelihood(), EPS);
    }

    @Test
    void repeatBiasCorrectsEveryStepAfterTheFirstNote() {
        // Odds of striking the last pitch (60) again × 1/3 (log-odds ln 1/3), renormalized:
        //   row 60 (1/8 1/8 3/4) -> 3/4 becomes 1/4, Z = 1/2: (1/4 1/4 1/2)
        //   row −2 (1/2 1/4 1/4) -> 1/4 becomes 1/12, Z = 5/6: (3/5 3/10 1/10)
        // Primer 60 −2 −2 60: P(−2|60) P(−2|−2) P(60|−2) = 1/4 · 3/5 · 1/10; u = 0.6 draws 60 from row 60 (p 1/2).
        MarkovModel model = new MarkovModel();
        SearchSettings corrected = SearchSettings.SAMPLING.withRepeatBias(new RepeatBias(Math.log(1 / 3.0)));
        GeneratedEvents out = search(model, corrected, new ScriptedRandom(0.6)).generate(new int[] {60, -2, -2, 60}, 5);
        assertArrayEquals(new int[] {60, -2, -2, 60, 60}, out.events());
        assertEquals(Math.log(1 / 4.0 * 3 / 5.0 * 1 / 10.0 * 1 / 2.0), out.logLikelihood(), EPS);

        // Without a correction the same u draws 60 too, with its own p (3/4) and primer (−6 ln 2).
        GeneratedEvents plain = search(new MarkovModel(), SearchSettings.SAMPLING, new ScriptedRandom(0.6))
                .generate(new int[] {60, -2, -2, 60}, 5);
        assertEquals(-6 * LN2 + Math.log(0.75), plain.logLikelihood(), EPS);

        // Before any note there is nothing to repeat: from −2, u = 0.8 draws 60 at its uncorrected 1/4.
        GeneratedEvents first = search(new MarkovModel(), corrected, new ScriptedRandom(0.8)).generate(new int[] {-2}, 2);
        assertArrayEquals(new int[] {-2, 60}, first.events());
        assertEquals(Math.log(0.25), first.logLikelihood(), EPS);
    }

    @Test
    void handTracedBeamPrunesStablyAndBranchesInListOrder() {
        // beam 2, branch 2, 1 step per iteration; primer −2 60 (ln P(60|−2) = ln 1/4), 3 events to generate.
        // Step 1, four copies of the primer, all drawing from 60's row (cdf .125 .25 1):
        //   u .10 .20 .90 .30 -> −2 −1 60 60, scores ln1/8 ln1/8 ln3/4 ln3/4 (+ ln 1/4 each)
        // prune: entries 2, 3 (equal: stable); branch: rows [2, 3, 2, 3], all "−2 60 60".
        // Step 2, all from 60: u .05 .95 .15 .20 -> −2 60 −2 −1, scores 3/32 9/16 3/32 3/32 (× 1/4)
        // prune: entry 1 (9/16), then the first of the tied 3/32s, entry 0; rows [1, 0, 1, 0].
        // Step 3: rows from 60, −2, 60, −2; u .99 .60 .01 .80 -> 60 (3/4), −1 (1/4), −2 (1/8), 60 (1/4):
        //   scores 27/64 3/128 9/128 3/128 (× 1/4). Winner: entry 0, "−2 60 60 60 60", ln 27/256.
        MarkovModel model = new MarkovModel();
        ScriptedRandom random = new ScriptedRandom(
                .10, .20, .90, .30,
                .05, .95, .15, .20,
                .99, .60, .01, .80);
        GeneratedEvents out = search(model, new SearchSettings(1.0, 2, 2, 1), random).generate(new int[] {-2, 60}, 5);

        assertArrayEquals(new int[] {-2, 60, 60, 60, 60}, out.events());
        assertEquals(Math.log(27 / 256.0), out.logLikelihood(), EPS);
        double[] expected = {27 / 256.0, 3 / 512.0, 9 / 512.0, 3 / 512.0};
        for (int e = 0; e < 4; e++) {
            assertEquals(Math.log(expected[e]), out.finalScores()[e], EPS, "entry " + e);
        }
        assertEquals(List.of("S1", "S1", "R4", "R4", "S4", "R4", "S4"), model.calls);
        assertArrayEquals(new int[] {0, 0, 0, 0}, model.selections.get(0));
        assertArrayEquals(new int[] {2, 3, 2, 3}, model.selections.get(1));
        assertArrayEquals(new int[] {1, 0, 1, 0}, model.selections.get(2));
        assertEquals(12, random.used());
    }

    @Test
    void iterationScheduleMatchesMagenta() {
        // N = 5, S = 2: first iteration ((5−1) % 2) + 1 = 1 step, then (5−1)/2 = 2 iterations of prune + 2 steps.
        // Events 2..5 each need one network step on the 4 live entries; event 1 uses the primer's last output.
        MarkovModel model = new MarkovModel();
        search(model, new SearchSettings(1.0, 2, 2, 2), new SplittableRandom(7)).generate(new int[] {60, -2, 60}, 8);
        assertEquals(List.of("S1", "S1", "S1", "R4", "R4", "S4", "S4", "R4", "S4", "S4"), model.calls);

        // N = 4, S = 2: first iteration 2 steps, then 1 iteration.
        MarkovModel four = new MarkovModel();
        search(four, new SearchSettings(1.0, 2, 2, 2), new SplittableRandom(7)).generate(new int[] {60}, 5);
        assertEquals(List.of("S1", "R4", "S4", "R4", "S4", "S4"), four.calls);

        // N = 7, S = 3, beam 3, branch 1: first iteration 1 step, then 2 iterations of 3; 3 entries live.
        MarkovModel seven = new MarkovModel();
        search(seven, new SearchSettings(1.0, 3, 1, 3), new SplittableRandom(7)).generate(new int[] {60}, 8);
        long steps = seven.calls.stream().filter(c -> c.startsWith("S")).count();
        assertEquals(1 + 6, steps);
        assertTrue(seven.calls.stream().filter(c -> c.startsWith("S")).skip(1).allMatch("S3"::equals));
    }

    @Test
    void networkStepsAreLinearInLength() {
        // 10 primer events + 50 generated: 10 + 49 calls however wide the beam.
        for (SearchSettings settings : List.of(SearchSettings.SAMPLING, new SearchSettings(1.0, 4, 3, 5))) {
            MarkovModel model = new MarkovModel();
            int[] primer = new int[10];
            Arrays.fill(primer, -2);
            GeneratedEvents out = search(model, settings, new SplittableRandom(3)).generate(primer, 60);
            assertEquals(59, model.steps, settings.toString());
            assertEquals(60, out.events().length);
            assertEquals(settings.liveEntries(), out.finalScores().length);
        }
    }

    @Test
    void samplingIsReproducibleForASeed() {
        int[] primer = {60};
        GeneratedEvents a = search(new MarkovModel(), SearchSettings.SAMPLING, new SplittableRandom(42)).generate(primer, 64);
        GeneratedEvents b = search(new MarkovModel(), SearchSettings.SAMPLING, new SplittableRandom(42)).generate(primer, 64);
        GeneratedEvents c = search(new MarkovModel(), SearchSettings.SAMPLING, new SplittableRandom(43)).generate(primer, 64);
        assertArrayEquals(a.events(), b.events());
        assertEquals(a.logLikelihood(), b.logLikelihood());
        assertFalse(Arrays.equals(a.events(), c.events()));
    }

    @Test
    void sampledTransitionsFollowTheModel() {
        // One long sampled melody; transitions out of each event must match that event's row.
        // Chi-square with 2 degrees of freedom; 13.8 is the 0.1% critical value (the seed makes it fixed).
        int length = 30_000;
        GeneratedEvents out = search(new MarkovModel(), SearchSettings.SAMPLING, new SplittableRandom(2024))
                .generate(new int[] {60}, length);
        long[][] counts = new long[3][3];
        for (int i = 1; i < length; i++) {
            counts[ThreeEventEncoder.classOf(out.events()[i - 1])][ThreeEventEncoder.classOf(out.events()[i])]++;
        }
        for (int from = 0; from < 3; from++) {
            long total = Arrays.stream(counts[from]).sum();
            assertTrue(total > 1000, "too few transitions from class " + from);
            double chi2 = 0;
            for (int to = 0; to < 3; to++) {
                double expected = total * MarkovModel.P[from][to];
                chi2 += Math.pow(counts[from][to] - expected, 2) / expected;
            }
            assertTrue(chi2 < 13.8, "class " + from + ": chi2 " + chi2 + " counts " + Arrays.toString(counts[from]));
        }
    }

    @Test
    void temperatureDividesLogitsBeforeSoftmax() {
        // T = 1/2 squares the probabilities before renormalising.
        // Primer 60 −2: 60's row becomes (1/64, 1/64, 36/64)/(38/64), so ln P(−2|60) = ln 1/38.
        // −2's row becomes (1/4, 1/16, 1/16)/(6/16) = (2/3, 1/6, 1/6); u = 0.6 < 2/3 draws −2.
        GeneratedEvents cold = search(new MarkovModel(), new SearchSettings(0.5, 1, 1, 1), new ScriptedRandom(0.6))
                .generate(new int[] {60, -2}, 3);
        assertArrayEquals(new int[] {60, -2, -2}, cold.events());
        assertEquals(Math.log(1 / 38.0) + Math.log(2 / 3.0), cold.logLikelihood(), EPS);

        // At T = 1 the same u = 0.6 falls in (1/2, 3/4] of −2's row: a note off, after ln P(−2|60) = ln 1/8.
        GeneratedEvents warm = search(new MarkovModel(), SearchSettings.SAMPLING, new ScriptedRandom(0.6))
                .generate(new int[] {60, -2}, 3);
        assertArrayEquals(new int[] {60, -2, -1}, warm.events());
        assertEquals(Math.log(1 / 8.0) + Math.log(1 / 4.0), warm.logLikelihood(), EPS);
    }

    @Test
    void beamScoresEqualRescoringWithTheCarriedState() {
        // The parity model's distribution depends on the whole history through its state, so the winner's
        // reported score equals a from-scratch rescoring only if every row kept its own state.
        ThreeEventEncoder codec3 = new ThreeEventEncoder();
        for (int seed = 0; seed < 5; seed++) {
            for (SearchSettings settings : List.of(new SearchSettings(1.0, 3, 3, 2), new SearchSettings(0.7, 4, 2, 3))) {
                ParityModel model = new ParityModel();
                GeneratedEvents out = new BeamSearch<>(model, codec3, settings, new SplittableRandom(seed))
                        .generate(new int[] {60, -2, 60, -1}, 24);
                double rescored = new ParityModel().logLikelihood(codec3, out.events(), settings.temperature());
                assertEquals(rescored, out.logLikelihood(), 1e-9, "seed " + seed + " " + settings);
                double best = Arrays.stream(out.finalScores()).max().orElseThrow();
                assertEquals(best, out.logLikelihood());
            }
        }
    }

    @Test
    void wideBeamFindsAtLeastAsLikelyAMelodyAsSampling() {
        // Beam search keeps the best of many candidates each iteration, so over a set of seeds its winners
        // score higher on average than plain samples.
        double sampled = 0;
        double beamed = 0;
        for (int seed = 0; seed < 20; seed++) {
            sampled += search(new MarkovModel(), SearchSettings.SAMPLING, new SplittableRandom(seed))
                    .generate(new int[] {60}, 33).logLikelihood();
            beamed += search(new MarkovModel(), new SearchSettings(1.0, 8, 4, 1), new SplittableRandom(seed))
                    .generate(new int[] {60}, 33).logLikelihood();
        }
        assertTrue(beamed > sampled + 20 * 2, "beam " + beamed / 20 + " vs sampling " + sampled / 20);
    }

    @Test
    void rejectsPrimersThatLeaveNothingToGenerate() {
        BeamSearch<int[]> search = search(new MarkovModel(), SearchSettings.SAMPLING, new SplittableRandom(1));
        assertThrows(IllegalArgumentException.class, () -> search.generate(new int[0], 4));
        assertThrows(IllegalArgumentException.class, () -> search.generate(new int[] {60, -2}, 2));
    }

    /** After every sampled 60: force a note-off and a no-event. */
    private static final EventInjector OFF_AFTER_60 =
            (events, length) -> events[length - 1] == 60 && length > 1 ? new int[] {-1, -2} : EventInjector.NONE;

    @Test
    void forcedEventsAreFedAndScoredInsteadOfDrawn() {
        // From −2 (cdf .5 .75 1) u .9 draws 60 (1/4); then −1 (P 1/8 after 60) and −2 (1/4 after −1) are forced;
        // then u .1 draws −2 (1/2). MarkovModel checks that every forced event was fed.
        MarkovModel model = new MarkovModel();
        ScriptedRandom random = new ScriptedRandom(0.9, 0.1);
        GeneratedEvents out = new BeamSearch<>(model, new ThreeEventEncoder(), SearchSettings.SAMPLING, random,
                OFF_AFTER_60).generate(new int[] {-2}, 5);
        assertArrayEquals(new int[] {-2, 60, -1, -2, -2}, out.events());
        assertEquals(-8 * LN2, out.logLikelihood(), EPS);
        assertEquals(2, random.used(), "forced events take no draw");
        assertEquals(4, model.steps);
    }

    @Test
    void forcedGroupIsNeverCutShort() {
        // Length 3 ends right after the forced −1; the pending −2 is still appended and scored.
        ScriptedRandom random = new ScriptedRandom(0.9);
        GeneratedEvents out = new BeamSearch<>(new MarkovModel(), new ThreeEventEncoder(), SearchSettings.SAMPLING,
                random, OFF_AFTER_60).generate(new int[] {-2}, 3);
        assertArrayEquals(new int[] {-2, 60, -1, -2}, out.events());
        assertEquals(-7 * LN2, out.logLikelihood(), EPS);
    }

    @Test
    void primerCanBeFollowedByForcedEvents() {
        // The injector sees the primer −2 60 first: −1 and −2 are forced from the primer's last output, no draws.
        EventInjector afterPrimer = (events, length) -> length == 2 ? new int[] {-1, -2} : EventInjector.NONE;
        GeneratedEvents out = new BeamSearch<>(new MarkovModel(), new ThreeEventEncoder(), SearchSettings.SAMPLING,
                new ScriptedRandom(), afterPrimer).generate(new int[] {-2, 60}, 4);
        assertArrayEquals(new int[] {-2, 60, -1, -2}, out.events());
        assertEquals(Math.log(1 / 4.0 * 1 / 8.0 * 1 / 4.0), out.logLikelihood(), EPS);
    }

    @Test
    void beamEntriesCarryTheirOwnForcedEvents() {
        // A note-off is forced after every drawn event, so drawn and forced events alternate; pruning every 3
        // events copies entries between a draw and its forced event.
        EventInjector offAfterEveryDraw = (events, length) -> length > 1 ? new int[] {-1} : EventInjector.NONE;
        MarkovModel model = new MarkovModel();
        GeneratedEvents out = new BeamSearch<>(model, new ThreeEventEncoder(), new SearchSettings(1.0, 2, 3, 3),
                new SplittableRandom(5), offAfterEveryDraw).generate(new int[] {-2}, 40);
        int[] e = out.events();
        assertEquals(41, e.length, "the last draw's forced event is drained");
        for (int p = 2; p < e.length; p += 2) {
            assertEquals(-1, e[p], "position " + p + " in " + Arrays.toString(e));
        }
    }
}
