/**
 * Generation independent of the network, the encoders and the model family: beam search, the generated section,
 * primers, output names and MIDI. A family's generator is reached through
 * {@link org.magentajava.generate.SequenceGenerator}; the melody_rnn flow below lives in
 * {@code models.melodyrnn.MelodyGenerator}.
 *
 * <p>The CLI flow, as in Magenta:
 * <ol>
 *   <li>{@link org.magentajava.generate.PrimerMelody#parse} reads {@code --primer_melody} (default primer
 *       {@code [60]}); its notes end at
 *       {@link org.magentajava.generate.GenerationSection#melodyPrimerEndSeconds} (for a MIDI primer: the
 *       latest note end, 0 with no notes).</li>
 *   <li>{@link org.magentajava.generate.GenerationSection#after} turns that, qpm and {@code --num_steps} into
 *       start and end steps, or a one-line refusal.</li>
 *   <li>For each output: quantize the primer, extract its melody (melody package), then
 *       {@link org.magentajava.generate.GenerationSection#primer} pads it to the start step; squash it,
 *       run {@link org.magentajava.generate.BeamSearch#generate} to {@code totalLength}, transpose back and
 *       render from the melody's start step.</li>
 *   <li>{@link org.magentajava.generate.OutputNames#claim} names (and reserves) the files once per run.</li>
 * </ol>
 * The network plugs in through {@link org.magentajava.generate.StepModel}, the encoder as an
 * {@link org.magentajava.events.EncoderDecoder}, whose incremental encoders the beam's entries carry.
 */
package org.magentajava.generate;
