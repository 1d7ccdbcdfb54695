package org.magentajava.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz tests of every reader (see {@link FuzzTargets} for what counts as a finding). Under {@code mvn verify}
 * each runs in regression mode over its inputs directory, src/test/resources/org/magentajava/fuzz/
 * ReadersFuzzTestInputs/&lt;method&gt;/ (the seeds of {@link SeedCorpus} plus any finding kept as a regression
 * input). {@code scripts/fuzz.sh} sets JAZZER_FUZZ=1 and fuzzes them one at a time.
 */
class ReadersFuzzTest {
    @FuzzTest
    void midi(byte[] data) throws Exception {
        Hang.guard("midi", data, FuzzTargets::midi);
    }

    @FuzzTest
    void tfrecord(byte[] data) throws Exception {
        Hang.guard("tfrecord", data, FuzzTargets::tfRecord);
    }

    @FuzzTest
    void noteSequence(byte[] data) throws Exception {
        Hang.guard("noteSequence", data, FuzzTargets::noteSequence);
    }

    @FuzzTest
    void sequenceExample(byte[] data) throws Exception {
        Hang.guard("sequenceExample", data, FuzzTargets::sequenceExample);
    }

    @FuzzTest
    void bundle(byte[] data) throws Exception {
        Hang.guard("bundle", data, FuzzTargets::bundle);
    }

    @FuzzTest
    void primerMelody(byte[] data) throws Exception {
        Hang.guard("primerMelody", data, FuzzTargets::primerMelody);
    }

    @FuzzTest
    void hparams(byte[] data) throws Exception {
        Hang.guard("hparams", data, FuzzTargets::hparams);
    }
}
