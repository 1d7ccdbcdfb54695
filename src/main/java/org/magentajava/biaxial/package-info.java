/**
 * The biaxial RNN's representation (Johnson, "Generating Polyphonic Music Using Tied Parallel Networks", 2017):
 * {@link org.magentajava.biaxial.NoteStates} (play and articulate per step and key) and
 * {@link org.magentajava.biaxial.NoteStateEncoding} (dataset records and the per-note inputs).
 */
package org.magentajava.biaxial;
