/**
 * NoteSequence preparation as Magenta's dataset pipelines do it: {@link org.magentajava.notes.TimeChangeSplitter}
 * cuts a sequence at tempo and meter changes, {@link org.magentajava.notes.Quantization} snaps it to a
 * steps-per-quarter grid with note_seq's rounding and errors.
 */
package org.magentajava.notes;
