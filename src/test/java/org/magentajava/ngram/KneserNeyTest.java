package org.magentajava.ngram;

import org.magentajava.models.melodyrnn.MelodyRnn;

import org.junit.jupiter.api.Test;
import org.magentajava.models.ModelConfig;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KneserNeyTest {
    /** Tokens 0..3; token 0 never occurs. */
    static final List<int[]> TINY = List.of(new int[] {2, 2, 3, 1, 3}, new int[] {3, 1, 3, 3},
            new int[] {2, 1, 3, 1, 3, 3});

    /**
     * By hand, order 2. Bigrams ending at position >= 1: (1,3) x4, (3,1) x3, (3,3) x2, (2,2), (2,3), (2,1) x1.
     * Count-of-counts n1..n4 = 3, 1, 1, 1: Y = 3/5, D1 = 1 - 2Y/3 = 3/5, D2 = 2 - 3Y = 1/5, D3+ = 3 - 4Y = 3/5.
     * Unigram continuation counts (distinct tokens before): 3 <- {1,2,3}: 3, 1 <- {2,3}: 2, 2 <- {2}: 1, 0: 0,
     * total 6; n1..n4 = 1, 1, 1, 0: Y = 1/3, D1 = 1/3, D2 = 1, D3+ = 3 (n4 = 0), gamma = (1/3 + 1 + 3)/6.
     * p1(3) = (0 + 13/3 * 1/4) / 6 = 13/72, p1(1) = (1 + 13/12) / 6 = 25/72.
     * p(3|1): c(1.) = 4, all on 3 (a 3+ count): (4 - 3/5 + 3/5 * 13/72) / 4 = 421/480.
     * p(1|3): c(3.) = 5 (3 on 1, 2 on 3): (3 - 3/5 + (1/5 + 3/5) * 25/72) / 5 = 241/450.
     */
    @Test
    void interpolatedModifiedKneserNeyByHand() {
        KneserNey kn = KneserNey.fit(TINY, 4, 2);
        assertArrayEquals(new double[] {3.0 / 5, 1.0 / 5, 3.0 / 5}, kn.discounts(2, false), 1e-15);
        assertArrayEquals(new double[] {1.0 / 3, 1, 3}, kn.discounts(1, true), 1e-15);
        assertEquals(421.0 / 480, kn.probability(2, new int[] {1}, 1, 3), 1e-15);
        assertEquals(241.0 / 450, kn.probability(2, new int[] {3}, 1, 1), 1e-15);
        // context 0 never seen: the unigram (continuation) distribution
        assertEquals(13.0 / 72, kn.probability(2, new int[] {0}, 1, 3), 1e-15);
        assertEquals(25.0 / 72, kn.probability(2, new int[] {0}, 1, 1), 1e-15);
    }

    /** Every history of up to 4 tokens over a 3-token vocabulary, seen or not, at every order up to 5. */
    /**
     * Order 2, by the figures above: after 1 the model predicts 3 (421/480); after 3 it predicts 1 (241/450 against
     * (2 - 1/5 + 4/5 * 13/72) / 5 for 3); after 2, whose three followers were seen once each, the token of the
     * highest continuation probability, 1 (p1 25/72, above 2's 21/72 and 3's 13/72). In 2 2 3 1 3 the 2 and the 3
     * after a 2 miss, the 1 after 3 and the 3 after 1 hit: 2 of 4; in 3 1 3 3 only the last misses: 2 of 3; in
     * 2 1 3 1 3 3 likewise: 4 of 5.
     */
    @Test
    void argmaxHitsCountThePredictedTokensByHand() {
        KneserNey kn = KneserNey.fit(TINY, 4, 2);
        assertEquals(2, kn.argmaxHits(List.of(TINY.get(0)), 2));
        assertEquals(2, kn.argmaxHits(List.of(TINY.get(1)), 2));
        assertEquals(4, kn.argmaxHits(List.of(TINY.get(2)), 2));
        assertEquals(8, kn.argmaxHits(TINY, 2));
    }

    @Test
    void probabilitiesSumToOneOverTheVocabularyForEveryContext() {
        Random r = new Random(1);
        List<int[]> corpus = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            int[] seq = new int[2 + r.nextInt(12)];
            for (int i = 0; i < seq.length; i++) {
                seq[i] = r.nextInt(10) < 7 ? i % 2 : r.nextInt(3); // mostly alternating, some noise
            }
            corpus.add(seq);
        }
        KneserNey kn = KneserNey.fit(corpus, 3, 5);
        int contexts = 0;
        for (int length = 0; length <= 4; length++) {
            int[] history = new int[length];
            for (int code = 0; code < Math.pow(3, length); code++) {
                for (int i = 0, c = code; i < length; i++, c /= 3) {
                    history[i] = c % 3;
                }
                for (int order = 1; order <= 5; order++) {
                    double sum = 0;
                    for (int w = 0; w < 3; w++) {
                        double p = kn.probability(order, history, length, w);
                        assertTrue(p > 0, "p > 0");
                        sum += p;
                    }
                    assertEquals(1.0, sum, 1e-12, "order " + order + " history " + java.util.Arrays.toString(history));
                }
                contexts++;
            }
        }
        assertEquals(121, contexts);
    }

    @Test
    void theDevSplitChoosesTheOrderOfTheProcessThatMadeTheData() {
        // each token follows from the two before it 90% of the time: a trigram process
        Random r = new Random(7);
        int[][] next = new int[5][5];
        for (int[] row : next) {
            for (int j = 0; j < 5; j++) {
                row[j] = r.nextInt(5);
            }
        }
        List<int[]> train = new ArrayList<>();
        for (int s = 0; s < 300; s++) {
            int[] seq = new int[30];
            seq[0] = r.nextInt(5);
            seq[1] = r.nextInt(5);
            for (int i = 2; i < seq.length; i++) {
                seq[i] = r.nextInt(10) < 9 ? next[seq[i - 2]][seq[i - 1]] : r.nextInt(5);
            }
            train.add(seq);
        }
        NgramBaseline baseline = new NgramBaseline(MelodyRnn.BASIC_RNN.encoderDecoder());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        NgramBaseline.Result result = baseline.run(train, train.subList(0, 10), 8,
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(8, result.devScores().size());
        NgramBaseline.DevScore best = result.devScores().stream()
                .min(java.util.Comparator.comparingDouble(NgramBaseline.DevScore::nll)).orElseThrow();
        assertEquals(3, best.order());
        assertEquals(3, result.order());
        assertTrue(result.devScores().get(1).nll() > best.nll() + 0.3, result.devScores().toString());
        assertEquals(270, result.trainMelodies() - result.devMelodies());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("order  3: dev_nll "), log.toString());
    }

    @Test
    void badOrdersAndTokensAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> KneserNey.fit(TINY, 4, 33));
        assertThrows(IllegalArgumentException.class, () -> KneserNey.fit(TINY, 3, 2)); // token 3
        KneserNey kn = KneserNey.fit(TINY, 4, 2);
        assertThrows(IllegalArgumentException.class, () -> kn.probability(3, new int[0], 0, 1));
    }
}
