package org.magentajava.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.magentajava.io.BadInputException;

/** Python's pickles of a benchmark-shaped dict, as CPython 3 wrote them (protocols 0, 2, 4) and as Python 2 writes str keys. */
class PickleTest {
    // pickle.dumps({'train': [[(60,64,67),(60,64),(62,),()],[(72,)]], 'valid': [[(21,108)]],
    //               'test': [[(40,),(40,),(41,43)]]}, protocol=P).hex()
    static final String P0 = PickleTestVectors.P0;
    static final String P2 = PickleTestVectors.P2;
    static final String P4 = PickleTestVectors.P4;
    /** Protocol 0 as Python 2 writes it: S'str' keys, I and L ints. */
    static final String PY2 = PickleTestVectors.PY2;
    /** A Fraction inside: a class to construct (GLOBAL + REDUCE), which is code, not data. */
    static final String GLOBAL = PickleTestVectors.GLOBAL;

    static Object load(String hex) {
        return Pickle.load(HexFormat.of().parseHex(hex), "test.pickle");
    }

    @Test
    void protocolsZeroTwoAndFourGiveTheSameData() {
        Map<Object, Object> want = Map.of(
                "train", List.of(List.of(List.of(60L, 64L, 67L), List.of(60L, 64L), List.of(62L), List.of()),
                        List.of(List.of(72L))),
                "valid", List.of(List.of(List.of(21L, 108L))),
                "test", List.of(List.of(List.of(40L), List.of(40L), List.of(41L, 43L))));
        for (String hex : new String[] {P0, P2, P4}) {
            assertEquals(want, load(hex));
        }
        // the memo: protocol 0 and 2 refer back to the identical (40,) tuple rather than writing it twice
        assertTrue(P0.contains("6731360a") || P2.contains("6810"), "the vectors use GET");
    }

    @Test
    void pythonTwoStringsAndLongs() {
        assertEquals(Map.of("test", List.of(List.of(List.of(40L, 41L))), "train", List.of(List.of(List.of(60L)))),
                load(PY2));
    }

    @Test
    void codeAndBrokenFilesAreRefusedInOneLine() {
        BadInputException code = assertThrows(BadInputException.class, () -> load(GLOBAL));
        assertTrue(code.getMessage().startsWith("test.pickle: pickle opcode 0x63 at byte"), code.getMessage());
        assertTrue(code.getMessage().contains("nothing in a pickle is run"), code.getMessage());
        BadInputException cut = assertThrows(BadInputException.class, () -> load(P2.substring(0, 60)));
        assertTrue(cut.getMessage().startsWith("test.pickle: not a readable pickle (broken at byte"), cut.getMessage());
    }
}
