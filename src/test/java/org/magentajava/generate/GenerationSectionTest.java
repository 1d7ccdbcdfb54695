package org.magentajava.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.magentajava.io.BadInputException;

class GenerationSectionTest {
    private static final int SPQ = GenerationSection.STEPS_PER_QUARTER;

    @Test
    void quantizeToStepMatchesNoteSeq() {
        // note_seq's testQuantizeToStep at 4 steps per second, and the two cutoffs generation uses.
        assertEquals(32, GenerationSection.quantizeToStep(8.0001, 4, 0.5));
        assertEquals(34, GenerationSection.quantizeToStep(8.4999, 4, 0.5));
        assertEquals(33, GenerationSection.quantizeToStep(8.4999, 4, 1.0));
        assertEquals(10, GenerationSection.quantizeToStep(9.0, 1, 0.0), "cutoff 0 is floor + 1, not a ceiling");
        assertEquals(9, GenerationSection.quantizeToStep(9.0, 1, 1.0));
    }

    @Test
    void alignedPrimerGetsTwoSilentSteps() {
        // [60,-2,60,-2,67,-2,67,-2] at 120 qpm ends at step 8 = 1.0 s; the section starts at 1.125 s = 9.0 steps,
        // which cutoff 0 quantizes to step 10; 32 steps end at 4.0 s = step 32.
        int[] melody = {60, -2, 60, -2, 67, -2, 67, -2};
        double primerEnd = GenerationSection.melodyPrimerEndSeconds(melody, 120, SPQ);
        assertEquals(1.0, primerEnd);
        GenerationSection section = GenerationSection.after(primerEnd, 120, 32, SPQ);
        assertEquals(new GenerationSection(0.125, 1.125, 4.0, 10, 32), section);
        assertEquals(22, section.stepsToGenerate());

        GenerationSection.Primer primer = section.primer(melody, 0);
        assertArrayEquals(new int[] {60, -2, 60, -2, 67, -2, 67, -2, -1, -2}, primer.events());
        assertEquals(0, primer.startStep());
        assertEquals(32, primer.totalLength());
    }

    @Test
    void melodyStartingLaterKeepsItsOffset() {
        // A melody extracted from step 16 (its first bar) ending at step 20: events are relative to step 16.
        GenerationSection section = GenerationSection.after(20 * 0.125, 120, 40, SPQ);
        GenerationSection.Primer primer = section.primer(new int[] {-2, -2, 62, -2}, 16);
        assertEquals(22, section.startStep());
        assertArrayEquals(new int[] {-2, -2, 62, -2, -1, -2}, primer.events());
        assertEquals(16, primer.startStep());
        assertEquals(24, primer.totalLength());
    }

    @Test
    void primerWithoutNotesStartsOneSilentStepEarly() {
        // No notes: the section starts at 0 + 1 step, quantized to step 2; the empty melody starts at step 1.
        GenerationSection section = GenerationSection.after(0, 120, 16, SPQ);
        assertEquals(2, section.startStep());
        GenerationSection.Primer primer = section.primer(new int[0], 0);
        assertArrayEquals(new int[] {-2}, primer.events());
        assertEquals(1, primer.startStep());
        assertEquals(15, primer.totalLength());
    }

    @ParameterizedTest(name = "qpm {0}, primer {1} steps, num_steps {2}")
    @CsvSource({
        // qpm, primer end step, num_steps, start step, end step: values computed with Python floats.
        "120, 8, 32, 10, 32",
        "90, 40, 50, 42, 49",
        "137.5, 0, 10, 2, 9",
        "137.5, 333, 343, 335, 342",
        "137.5, 100, 103, 101, 103",
    })
    void stepsFollowPythonFloatArithmetic(double qpm, int primerEndStep, int numSteps, long start, long end) {
        double primerEnd = primerEndStep * (60.0 / qpm / SPQ) + 0.0;
        GenerationSection section = GenerationSection.after(primerEnd, qpm, numSteps, SPQ);
        assertEquals(start, section.startStep());
        assertEquals(end, section.endStep());
    }

    @ParameterizedTest(name = "qpm {0}, primer {1} steps, num_steps {2}")
    @CsvSource({
        // qpm, primer end step, num_steps, start step, smallest working num_steps (from Python floats)
        "120, 40, 32, 42, 43",
        "120, 40, 42, 42, 43",   // start 41 steps < end 42 steps, but both quantize to step 42
        "90, 13, 14, 14, 15",    // start and end are the same float: Magenta's own refusal
        "137.5, 40, 43, 42, 44", // float rounding makes 43 steps quantize to step 42
        "137.5, 100, 102, 101, 103",
        "120, 0, 2, 2, 3",
    })
    void sectionWithNothingToGenerateSaysWhatWouldWork(double qpm, int primerEndStep, int numSteps, long start,
            int smallest) {
        double primerEnd = primerEndStep * (60.0 / qpm / SPQ) + 0.0;
        BadInputException e = assertThrows(BadInputException.class,
                () -> GenerationSection.after(primerEnd, qpm, numSteps, SPQ));
        assertEquals("the primer is " + primerEndStep + " steps long, so generation would start at step " + start
                + "; num_steps " + numSteps + " leaves nothing to generate; use num_steps " + smallest
                + " or more", e.getMessage());
        assertTrue(GenerationSection.after(primerEnd, qpm, smallest, SPQ).stepsToGenerate() > 0);
        assertThrows(BadInputException.class, () -> GenerationSection.after(primerEnd, qpm, smallest - 1, SPQ));
    }

    @Test
    void offGridPrimerEndIsShownWithDecimals() {
        BadInputException e = assertThrows(BadInputException.class, () -> GenerationSection.after(5.03, 120, 32, SPQ));
        assertEquals("the primer is 40.24 steps long, so generation would start at step 42; num_steps 32 leaves "
                + "nothing to generate; use num_steps 43 or more", e.getMessage());
    }

    @Test
    void rejectsNonsenseTempoAndLength() {
        assertThrows(BadInputException.class, () -> GenerationSection.after(0, 0, 32, SPQ));
        assertThrows(BadInputException.class, () -> GenerationSection.after(0, Double.NaN, 32, SPQ));
        assertThrows(BadInputException.class, () -> GenerationSection.after(0, 120, 0, SPQ));
    }
}
