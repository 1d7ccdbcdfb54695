package org.magentajava.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.magentajava.io.BadInputException;

/**
 * Reads the plain-data subset of Python's pickle format, protocols 0 to 5: dicts, lists, tuples (as unmodifiable
 * lists), ints (as Long), floats, strings, booleans and None, with the memo. That is what the polyphonic benchmark
 * files of Boulanger-Lewandowski et al. (2012) hold: a dict of splits, each a list of pieces, each a list of frames,
 * each a tuple of MIDI pitches. Anything that would run code (classes, reduce, persistent ids, numpy arrays) is
 * refused, naming the opcode: a pickle is only read, never executed.
 */
public final class Pickle {
    private static final Object MARK = new Object();

    private final byte[] b;
    private int pos;
    private final Deque<Object> stack = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private Pickle(byte[] bytes) {
        this.b = bytes;
    }

    /** The object the pickle in {@code bytes} holds; {@code name} says where, in the message of a bad one. */
    public static Object load(byte[] bytes, String name) {
        Pickle p = new Pickle(bytes);
        try {
            return p.run();
        } catch (IndexOutOfBoundsException | java.util.NoSuchElementException | ClassCastException
                 | NumberFormatException e) {
            throw new BadInputException(name + ": not a readable pickle (broken at byte " + p.pos + ")");
        } catch (BadInputException e) {
            throw new BadInputException(name + ": " + e.getMessage());
        }
    }

    private Object run() {
        while (true) {
            int at = pos;
            int op = b[pos++] & 0xff;
            switch (op) {
                case 0x80 -> pos++;                                   // PROTO
                case 0x95 -> pos += 8;                                // FRAME
                case '.' -> {                                          // STOP
                    return stack.pop();
                }
                case '(' -> stack.push(MARK);
                case '0' -> stack.pop();                               // POP
                case '1' -> popMark();                                 // POP_MARK
                case '2' -> stack.push(stack.peek());                  // DUP
                case 'N' -> stack.push(Null.NONE);
                case 0x88 -> stack.push(Boolean.TRUE);
                case 0x89 -> stack.push(Boolean.FALSE);
                case 'I' -> {
                    String s = line();
                    stack.push(s.equals("00") ? Boolean.FALSE : s.equals("01") ? Boolean.TRUE : (Object) Long.parseLong(s));
                }
                case 'L' -> {
                    String s = line();
                    stack.push(Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s));
                }
                case 'J' -> stack.push((long) le(4).getInt());
                case 'K' -> stack.push((long) (b[pos++] & 0xff));
                case 'M' -> stack.push((long) (le(2).getShort() & 0xffff));
                case 0x8a -> stack.push(longN(b[pos++] & 0xff));        // LONG1
                case 'F' -> stack.push(Double.parseDouble(line()));
                case 'G' -> {                                          // BINFLOAT, big-endian
                    stack.push(ByteBuffer.wrap(b, pos, 8).order(ByteOrder.BIG_ENDIAN).getDouble());
                    pos += 8;
                }
                case 'S' -> stack.push(quoted(line()));
                case 'V' -> stack.push(line());                        // UNICODE (raw-unicode-escape; ASCII here)
                case 'T' -> stack.push(string(le(4).getInt()));        // BINSTRING
                case 'U' -> stack.push(string(b[pos++] & 0xff));       // SHORT_BINSTRING
                case 'X' -> stack.push(string(le(4).getInt()));        // BINUNICODE
                case 0x8c -> stack.push(string(b[pos++] & 0xff));      // SHORT_BINUNICODE
                case 0x8d -> stack.push(string((int) le(8).getLong())); // BINUNICODE8
                case 'B', 'C', 0x8e, 0x96 -> {                         // BINBYTES, SHORT_BINBYTES, BINBYTES8, BYTEARRAY8
                    int n = op == 'C' ? b[pos++] & 0xff : op == 'B' ? le(4).getInt() : (int) le(8).getLong();
                    stack.push(java.util.Arrays.copyOfRange(b, pos, pos + n));
                    pos += n;
                }
                case ']' -> stack.push(new ArrayList<>());
                case ')' -> stack.push(List.of());
                case '}' -> stack.push(new LinkedHashMap<>());
                case 'l' -> stack.push(new ArrayList<>(popMark()));
                case 't' -> stack.push(Collections.unmodifiableList(popMark()));
                case 0x85, 0x86, 0x87 -> {                             // TUPLE1..3
                    int n = op - 0x84;
                    Object[] items = new Object[n];
                    for (int i = n - 1; i >= 0; i--) items[i] = stack.pop();
                    stack.push(List.of(items));
                }
                case 'd' -> {
                    Map<Object, Object> m = new LinkedHashMap<>();
                    List<Object> kv = popMark();
                    for (int i = 0; i + 1 < kv.size(); i += 2) m.put(kv.get(i), kv.get(i + 1));
                    stack.push(m);
                }
                case 'a' -> {
                    Object v = stack.pop();
                    list(stack.peek(), at).add(v);
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    list(stack.peek(), at).addAll(items);
                }
                case 's' -> {
                    Object v = stack.pop();
                    Object k = stack.pop();
                    dict(stack.peek(), at).put(k, v);
                }
                case 'u' -> {
                    List<Object> kv = popMark();
                    Map<Object, Object> m = dict(stack.peek(), at);
                    for (int i = 0; i + 1 < kv.size(); i += 2) m.put(kv.get(i), kv.get(i + 1));
                }
                case 'p' -> memo.put(Long.parseLong(line()), stack.peek());
                case 'q' -> memo.put((long) (b[pos++] & 0xff), stack.peek());
                case 'r' -> memo.put(le(4).getInt() & 0xffffffffL, stack.peek());
                case 0x94 -> memo.put((long) memo.size(), stack.peek());  // MEMOIZE
                case 'g' -> stack.push(memo(Long.parseLong(line()), at));
                case 'h' -> stack.push(memo(b[pos++] & 0xff, at));
                case 'j' -> stack.push(memo(le(4).getInt() & 0xffffffffL, at));
                default -> throw new BadInputException(String.format(
                        "pickle opcode 0x%02x at byte %d is not plain data (only dicts, lists, tuples, numbers and "
                                + "strings are read; nothing in a pickle is run)", op, at));
            }
        }
    }

    /** Python's None, which a Deque cannot hold as null. */
    public enum Null { NONE }

    private List<Object> popMark() {
        List<Object> items = new ArrayList<>();
        while (true) {
            Object o = stack.pop();
            if (o == MARK) break;
            items.add(o);
        }
        Collections.reverse(items);
        return items;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, int at) {
        if (!(o instanceof ArrayList)) throw new BadInputException("append to a non-list at byte " + at);
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object o, int at) {
        if (!(o instanceof Map)) throw new BadInputException("setitem on a non-dict at byte " + at);
        return (Map<Object, Object>) o;
    }

    private Object memo(long key, int at) {
        Object o = memo.get(key);
        if (o == null) throw new BadInputException("memo entry " + key + " read before it was written, at byte " + at);
        return o;
    }

    private ByteBuffer le(int n) {
        ByteBuffer bb = ByteBuffer.wrap(b, pos, n).order(ByteOrder.LITTLE_ENDIAN);
        pos += n;
        return bb;
    }

    private long longN(int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v |= (long) (b[pos + i] & 0xff) << (8 * i);
        if (n > 0 && n < 8 && (b[pos + n - 1] & 0x80) != 0) v |= -1L << (8 * n); // two's complement
        if (n > 8) throw new BadInputException("an integer of " + n + " bytes");
        pos += n;
        return v;
    }

    private String line() {
        int end = pos;
        while (b[end] != '\n') end++;
        String s = new String(b, pos, end - pos, StandardCharsets.UTF_8);
        pos = end + 1;
        return s;
    }

    private String string(int n) {
        String s = new String(b, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** A protocol-0 STRING: 'text' or "text" (no escapes in the names of splits). */
    private static String quoted(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1);
        }
        throw new BadInputException("a string without quotes: " + s);
    }
}
