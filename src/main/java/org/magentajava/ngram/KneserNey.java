package org.magentajava.ngram;

import java.util.Arrays;
import java.util.List;

/**
 * An interpolated modified Kneser-Ney n-gram model (Chen &amp; Goodman 1998) over tokens {@code 0..V-1}, fitted
 * once up to {@link #maxOrder()} and usable at any order up to it:
 *
 * <pre>
 * p_N(w | h) = max(c(hw) - D(c(hw)), 0) / c(h.) + gamma(h) p_{N-1}(w | h'),
 * gamma(h)   = (D1 N1(h.) + D2 N2(h.) + D3+ N3+(h.)) / c(h.)
 * </pre>
 *
 * where h' drops the oldest token of h, N_j(h.) counts the tokens w with c(hw) = j (3 or more for N3+), and
 * below order 1 comes the uniform 1/V. c is the raw count at the model's own order and the continuation count
 * (how many distinct tokens precede hw) at every lower order. Each order has its own three discounts, from the
 * count-of-counts n1..n4 of its counts: Y = n1 / (n1 + 2 n2), D1 = 1 - 2Y n2/n1, D2 = 2 - 3Y n3/n2,
 * D3+ = 3 - 4Y n4/n3. A context never seen backs off to the next shorter one.
 *
 * <p>Every sequence is preceded by as many start symbols as the longest context needs, so the first tokens
 * have contexts too; its token 0 is context only: the tokens predicted are 1..n-1, the steps a melody network
 * predicts. The counts live in a trie of all n-grams up to the maximum order (a node per distinct n-gram).
 */
public final class KneserNey {
    /** The longest order {@link #fit} accepts. */
    public static final int MAX_ORDER = 32;

    private final int vocabulary;
    private final int maxOrder;
    private final LongIntMap children;
    private int nodes;
    private int[] parent;
    private byte[] depth;
    /** c(g) of the n-gram a node stands for, as the last token of a prediction. */
    private int[] raw;
    /** N1+(. g): distinct tokens seen right before the n-gram. */
    private int[] cont;
    /** c(h.) over the node's children, raw and continuation. */
    private long[] rawTotal;
    private long[] contTotal;
    /** N1, N2, N3+ over the node's children, raw then continuation: six counts a node. */
    private int[] childCounts;
    /** discounts[order][0 raw | 1 continuation][0..2] = D1, D2, D3+. */
    private final double[][][] discounts;

    private KneserNey(int vocabulary, int maxOrder, int expectedNodes) {
        this.vocabulary = vocabulary;
        this.maxOrder = maxOrder;
        this.children = new LongIntMap(expectedNodes);
        int capacity = Math.max(16, expectedNodes);
        parent = new int[capacity];
        depth = new byte[capacity];
        raw = new int[capacity];
        cont = new int[capacity];
        nodes = 1; // the root: the empty n-gram
        parent[0] = -1;
        discounts = new double[maxOrder + 1][2][3];
    }

    /**
     * Counts every n-gram up to {@code maxOrder} in {@code sequences} (tokens in {@code 0..vocabulary-1}).
     *
     * @throws IllegalArgumentException for an order outside 1..32 or a token outside the vocabulary
     */
    public static KneserNey fit(List<int[]> sequences, int vocabulary, int maxOrder) {
        if (maxOrder < 1 || maxOrder > MAX_ORDER) {
            throw new IllegalArgumentException("order must be 1.." + MAX_ORDER + ", got " + maxOrder);
        }
        if (vocabulary < 1) {
            throw new IllegalArgumentException("empty vocabulary");
        }
        long tokens = 0;
        for (int[] s : sequences) {
            tokens += s.length;
        }
        KneserNey model = new KneserNey(vocabulary, maxOrder, (int) Math.min(1 << 24, tokens * Math.min(maxOrder, 8)));
        for (int[] s : sequences) {
            model.count(s);
        }
        model.summarise();
        return model;
    }

    public int vocabulary() {
        return vocabulary;
    }

    public int maxOrder() {
        return maxOrder;
    }

    /** Distinct n-grams of orders 1..maxOrder counted (the trie's size). */
    public int ngrams() {
        return nodes - 1;
    }

    /** D1, D2, D3+ of {@code order}, for its raw counts or its continuation counts. */
    public double[] discounts(int order, boolean continuation) {
        return discounts[order][continuation ? 1 : 0].clone();
    }

    private int token(int[] s, int position) {
        return position < 0 ? vocabulary : s[position];
    }

    private int child(int node, int token) {
        return children.get((long) node * (vocabulary + 1) + token);
    }

    private int childOrCreate(int node, int token) {
        long key = (long) node * (vocabulary + 1) + token;
        int id = children.putIfAbsent(key, nodes);
        if (id >= 0) {
            return id;
        }
        if (nodes == parent.length) {
            int capacity = nodes + (nodes >> 1);
            parent = Arrays.copyOf(parent, capacity);
            depth = Arrays.copyOf(depth, capacity);
            raw = Arrays.copyOf(raw, capacity);
            cont = Arrays.copyOf(cont, capacity);
        }
        parent[nodes] = node;
        depth[nodes] = (byte) (depth[node] + 1);
        return nodes++;
    }

    private void count(int[] s) {
        for (int t : s) {
            if (t < 0 || t >= vocabulary) {
                throw new IllegalArgumentException("token " + t + " outside the vocabulary 0.." + (vocabulary - 1));
            }
        }
        int n = s.length;
        if (n < 2) {
            return;
        }
        int m = maxOrder;
        // ngramAt[start][k - 1]: the node of the k tokens from position start - (m - 1) on
        int starts = n + m - 1;
        int[][] ngramAt = new int[starts][m];
        for (int start = 0; start < starts; start++) {
            int first = start - (m - 1);
            int node = 0;
            for (int k = 1; k <= m && first + k - 1 < n; k++) {
                node = childOrCreate(node, token(s, first + k - 1));
                ngramAt[start][k - 1] = node;
            }
        }
        for (int start = 0; start < starts; start++) {
            int first = start - (m - 1);
            for (int k = 1; k <= m; k++) {
                int last = first + k - 1;
                if (last < 1 || last >= n) {
                    continue; // token 0 is never predicted
                }
                int node = ngramAt[start][k - 1];
                if (++raw[node] == 1 && k >= 2) {
                    // a new token before the (k-1)-gram that ends here: one more continuation
                    cont[ngramAt[start + 1][k - 2]]++;
                }
            }
        }
    }

    /** Child totals and count-of-counts per node, then each order's discounts. */
    private void summarise() {
        rawTotal = new long[nodes];
        contTotal = new long[nodes];
        childCounts = new int[nodes * 6];
        long[][][] countOfCounts = new long[maxOrder + 1][2][5];
        for (int x = 1; x < nodes; x++) {
            int p = parent[x];
            int order = depth[x];
            rawTotal[p] += raw[x];
            contTotal[p] += cont[x];
            bucket(p, 0, raw[x]);
            bucket(p, 3, cont[x]);
            if (raw[x] >= 1 && raw[x] <= 4) {
                countOfCounts[order][0][raw[x]]++;
            }
            if (cont[x] >= 1 && cont[x] <= 4) {
                countOfCounts[order][1][cont[x]]++;
            }
        }
        for (int order = 1; order <= maxOrder; order++) {
            for (int kind = 0; kind < 2; kind++) {
                discounts[order][kind] = discountsFrom(countOfCounts[order][kind]);
            }
        }
    }

    private void bucket(int node, int offset, int count) {
        if (count > 0) {
            childCounts[node * 6 + offset + Math.min(count, 3) - 1]++;
        }
    }

    /**
     * Chen &amp; Goodman's estimates from count-of-counts {@code n[1..4]}. Each D_j is kept within
     * [0.01, j] so that every seen context leaves some mass to its lower order and no count goes negative;
     * where a count-of-counts is zero (tiny data) the next lower discount stands in.
     */
    static double[] discountsFrom(long[] n) {
        double y = n[1] + 2.0 * n[2] > 0 ? n[1] / (n[1] + 2.0 * n[2]) : 0.5;
        double d1 = n[1] > 0 ? 1 - 2 * y * n[2] / n[1] : 0.5;
        d1 = clamp(d1, 1);
        double d2 = n[2] > 0 ? clamp(2 - 3 * y * n[3] / n[2], 2) : d1;
        double d3 = n[3] > 0 ? clamp(3 - 4 * y * n[4] / n[3], 3) : d2;
        return new double[] {d1, d2, d3};
    }

    private static double clamp(double d, int max) {
        return Math.max(0.01, Math.min(max, d));
    }

    /**
     * p(token | the {@code length} tokens of {@code history} before it) under the model of {@code order}:
     * the history's first token follows the start symbols.
     */
    public double probability(int order, int[] history, int length, int token) {
        return probabilities(order, history, length, token)[order];
    }

    /**
     * p(token | history) under every order 1..{@code maxOrder} at once (index N holds order N; index 0 the
     * uniform 1/V): the lower orders share the continuation-count chain, so this costs one pass.
     */
    public double[] probabilities(int maxOrder, int[] history, int length, int token) {
        if (maxOrder < 1 || maxOrder > this.maxOrder) {
            throw new IllegalArgumentException("order must be 1.." + this.maxOrder + ", got " + maxOrder);
        }
        if (token < 0 || token >= vocabulary) {
            throw new IllegalArgumentException("token " + token + " outside the vocabulary 0.." + (vocabulary - 1));
        }
        return probabilities(maxOrder, contexts(maxOrder, history, length), token);
    }

    /** The trie node of the d tokens before position {@code length}, for d = 0..maxOrder-1; -1 where unseen. */
    private int[] contexts(int maxOrder, int[] history, int length) {
        int[] contexts = new int[maxOrder];
        for (int d = 0; d < maxOrder; d++) {
            int context = 0;
            for (int i = length - d; i < length && context >= 0; i++) {
                context = child(context, token(history, i));
            }
            contexts[d] = context;
        }
        return contexts;
    }

    private double[] probabilities(int maxOrder, int[] contexts, int token) {
        double[] p = new double[maxOrder + 1];
        double lower = 1.0 / vocabulary;
        p[0] = lower;
        for (int d = 0; d < maxOrder; d++) {
            // the context: the d tokens before the predicted one
            int context = contexts[d];
            if (context < 0 || rawTotal[context] == 0) {
                Arrays.fill(p, d + 1, maxOrder + 1, lower);
                return p;
            }
            int ngram = child(context, token);
            int order = d + 1;
            p[order] = interpolate(context, ngram < 0 ? 0 : raw[ngram], rawTotal[context], 0,
                    discounts[order][0], lower);
            if (order < maxOrder && contTotal[context] > 0) {
                lower = interpolate(context, ngram < 0 ? 0 : cont[ngram], contTotal[context], 3,
                        discounts[order][1], lower);
            }
        }
        return p;
    }

    private double interpolate(int context, int count, long total, int offset, double[] d, double lower) {
        int at = context * 6 + offset;
        double own = count == 0 ? 0 : Math.max(count - d[Math.min(count, 3) - 1], 0);
        double gamma = d[0] * childCounts[at] + d[1] * childCounts[at + 1] + d[2] * childCounts[at + 2];
        return (own + gamma * lower) / total;
    }

    /**
     * Summed -ln p of tokens 1..n-1 of every sequence under each order 1..{@code maxOrder} (index N; index 0
     * holds the number of tokens scored).
     */
    public double[] negativeLogLikelihood(List<int[]> sequences, int maxOrder) {
        double[] sums = new double[maxOrder + 1];
        for (int[] s : sequences) {
            for (int i = 1; i < s.length; i++) {
                double[] p = probabilities(maxOrder, s, i, s[i]);
                for (int order = 1; order <= maxOrder; order++) {
                    sums[order] -= Math.log(p[order]);
                }
                sums[0]++;
            }
        }
        return sums;
    }

    /**
     * Tokens 1..n-1 of every sequence that the model of {@code order} predicts: whose probability given the
     * tokens before is the highest of the vocabulary (ties: the lowest token). The n-gram's event argmax
     * accuracy is this over the tokens scored.
     */
    public long argmaxHits(List<int[]> sequences, int order) {
        long hits = 0;
        for (int[] s : sequences) {
            for (int i = 1; i < s.length; i++) {
                // the contexts do not depend on the token: walk the trie once per step
                int[] contexts = contexts(order, s, i);
                int best = 0;
                double bestP = -1;
                for (int token = 0; token < vocabulary; token++) {
                    double p = probabilities(order, contexts, token)[order];
                    if (p > bestP) {
                        bestP = p;
                        best = token;
                    }
                }
                hits += best == s[i] ? 1 : 0;
            }
        }
        return hits;
    }
}
