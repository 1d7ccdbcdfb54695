package org.magentajava.midi;

import static org.magentajava.midi.MidiConversionException.Reason.INVALID_SEQUENCE;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.magentajava.proto.NoteSequence;

/**
 * Writes a NoteSequence as a type-1 SMF the way note_seq's note_sequence_to_pretty_midi and pretty_midi's
 * write do: a timing track (tempo, meter, key), then one track per instrument, events placed at the nearest
 * tick of the tempo map and ordered within a tick by pretty_midi's event ranking.
 */
final class SequenceToMidi {
    private static final int DEFAULT_RESOLUTION = 220;
    private static final double DEFAULT_QPM = 120.0;
    private static final int DRUM_CHANNEL = 9;
    /** pretty_midi hands out channels 0..15 without the drum channel, round robin by instrument index. */
    private static final int[] MELODIC_CHANNELS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15};
    /** Ticks beyond this cannot come from a sensible sequence (and would not read back under the 1e10 limit). */
    private static final double MAX_TICK = 1e10;

    // pretty_midi's ranking of event kinds at one tick; lower goes first.
    private static final int RANK_TRACK_NAME = -1; // unranked there, but always first in its track
    private static final int RANK_TEMPO = 1 << 16;
    private static final int RANK_TIME_SIGNATURE = 2 << 16;
    private static final int RANK_KEY_SIGNATURE = 3 << 16;
    private static final int RANK_PROGRAM = 6 << 16;
    private static final int RANK_BEND = 7 << 16;
    private static final int RANK_CONTROL = 8 << 16;
    private static final int RANK_NOTE_ON = 10 << 16;

    private static final String SOURCE = "NoteSequence";

    /** An event ready for a track: absolute tick, tie-break rank, message. */
    private record Placed(long tick, int rank, MidiMessage message) {
    }

    /** A pretty_midi Instrument as note_sequence_to_pretty_midi fills it. */
    private static final class Instrument {
        int program;
        boolean drum;
        String name;
        List<NoteSequence.Note> notes = List.of();
        List<NoteSequence.PitchBend> bends = List.of();
        List<NoteSequence.ControlChange> controls = List.of();

        Instrument(int program, boolean drum, String name) {
            this.program = program;
            this.drum = drum;
            this.name = name;
        }
    }

    private record EventKey(int instrument, int program, boolean drum) implements Comparable<EventKey> {
        private static final Comparator<EventKey> ORDER = Comparator.comparingInt(EventKey::instrument)
                .thenComparingInt(EventKey::program).thenComparing(EventKey::drum);

        @Override
        public int compareTo(EventKey other) {
            return ORDER.compare(this, other);
        }
    }

    private static final class Events {
        final List<NoteSequence.Note> notes = new ArrayList<>();
        final List<NoteSequence.PitchBend> bends = new ArrayList<>();
        final List<NoteSequence.ControlChange> controls = new ArrayList<>();
    }

    private final NoteSequence ns;
    private final int resolution;
    private TempoMap tempoMap;

    private SequenceToMidi(NoteSequence ns) {
        this.ns = ns;
        this.resolution = ns.getTicksPerQuarter() != 0 ? ns.getTicksPerQuarter() : DEFAULT_RESOLUTION;
    }

    static byte[] convert(NoteSequence ns) {
        return new SequenceToMidi(ns).bytes();
    }

    private byte[] bytes() {
        check(resolution > 0 && resolution <= Short.MAX_VALUE, "ticks_per_quarter " + resolution + " is not 1..32767");
        tempoMap = buildTempoMap();
        List<Instrument> instruments = buildInstruments();
        try {
            Sequence sequence = new Sequence(Sequence.PPQ, resolution);
            addTrack(sequence, timingEvents());
            for (int index = 0; index < instruments.size(); index++) {
                addTrack(sequence, instrumentEvents(instruments.get(index), index));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MidiSystem.write(sequence, 1, out);
            return out.toByteArray();
        } catch (InvalidMidiDataException | IOException e) {
            throw new MidiConversionException(SOURCE, INVALID_SEQUENCE, "cannot encode: " + e.getMessage(), e);
        }
    }

    /**
     * The initial tempo is the first tempo at time 0 (else 120 qpm); every other tempo is placed at the tick of
     * its time under the map built so far. Tempos are taken in time order (a stable sort), which is what
     * note_seq assumes without checking.
     */
    private TempoMap buildTempoMap() {
        NoteSequence.Tempo initial = null;
        for (NoteSequence.Tempo tempo : ns.getTemposList()) {
            if (tempo.getTime() == 0.0) {
                initial = tempo;
                break;
            }
        }
        double initialQpm = initial != null ? initial.getQpm() : DEFAULT_QPM;
        checkQpm(initialQpm);
        TempoMap map = TempoMap.ofQpm(resolution, initialQpm);
        List<NoteSequence.Tempo> tempos = new ArrayList<>(ns.getTemposList());
        tempos.sort(Comparator.comparingDouble(NoteSequence.Tempo::getTime));
        for (NoteSequence.Tempo tempo : tempos) {
            if (tempo.equals(initial)) { // note_seq skips every tempo equal to the initial one
                continue;
            }
            checkQpm(tempo.getQpm());
            checkTime(tempo.getTime(), "tempo");
            map.append(tickOf(map, tempo.getTime()), 60.0 / (resolution * tempo.getQpm()));
        }
        return map;
    }

    /**
     * note_sequence_to_pretty_midi's instrument grouping, bug included. An instrument-0 container with program 0
     * always comes first. Events are grouped by (instrument, program, is_drum) and the groups visited in sorted
     * order; a group with instrument > 0 becomes a new instrument, but every group with instrument <= 0 writes
     * into that first container, each replacing the previous group's notes, bends and controls, so only the
     * last such group (in sorted order) survives. Magenta loses those events too, so the loss is kept for
     * wire compatibility; sequences read from MIDI have one program per instrument and never hit it.
     */
    private List<Instrument> buildInstruments() {
        Map<Integer, String> names = new HashMap<>();
        for (NoteSequence.InstrumentInfo info : ns.getInstrumentInfosList()) {
            names.put(info.getInstrument(), info.getName());
        }
        TreeMap<EventKey, Events> groups = new TreeMap<>();
        for (NoteSequence.Note note : ns.getNotesList()) {
            groups.computeIfAbsent(new EventKey(note.getInstrument(), note.getProgram(), note.getIsDrum()),
                    k -> new Events()).notes.add(note);
        }
        for (NoteSequence.PitchBend bend : ns.getPitchBendsList()) {
            groups.computeIfAbsent(new EventKey(bend.getInstrument(), bend.getProgram(), bend.getIsDrum()),
                    k -> new Events()).bends.add(bend);
        }
        for (NoteSequence.ControlChange cc : ns.getControlChangesList()) {
            groups.computeIfAbsent(new EventKey(cc.getInstrument(), cc.getProgram(), cc.getIsDrum()),
                    k -> new Events()).controls.add(cc);
        }
        List<Instrument> instruments = new ArrayList<>();
        Instrument current = new Instrument(0, false, "");
        instruments.add(current);
        for (Map.Entry<EventKey, Events> group : groups.entrySet()) {
            EventKey key = group.getKey();
            check(key.program() >= 0 && key.program() < GeneralMidi.programCount(),
                    "program " + key.program() + " is not 0..127");
            if (key.instrument() > 0) {
                String name = key.drum() ? "Drums" : GeneralMidi.programName(key.program());
                current = new Instrument(key.program(), key.drum(), name);
                instruments.add(current);
            } else {
                current.drum = key.drum();
            }
            current.program = key.program();
            String infoName = names.get(key.instrument());
            if (infoName != null) {
                current.name = infoName;
            }
            current.notes = group.getValue().notes;
            current.bends = group.getValue().bends;
            current.controls = group.getValue().controls;
        }
        return instruments;
    }

    /** Track 0: a 4/4 unless a time signature is at time 0, the tempo map, time and key signatures. */
    private List<Placed> timingEvents() throws InvalidMidiDataException {
        List<Placed> events = new ArrayList<>();
        boolean meterAtZero = false;
        for (NoteSequence.TimeSignature ts : ns.getTimeSignaturesList()) {
            meterAtZero |= !(ts.getTime() > 0.0);
        }
        if (!meterAtZero) {
            events.add(new Placed(0, RANK_TIME_SIGNATURE, timeSignature(4, 2)));
        }
        for (int i = 0; i < tempoMap.size(); i++) {
            // pretty_midi writes the tempo back through qpm, truncating: 500000 us may come back as 499999.
            double qpm = 60.0 / (tempoMap.scaleOf(i) * resolution);
            long micros = (long) (6e7 / qpm);
            check(micros >= 0 && micros <= 0xFFFFFF, "tempo of " + qpm + " qpm does not fit a set_tempo event");
            int m = (int) micros;
            events.add(new Placed(tempoMap.tickOf(i), RANK_TEMPO,
                    new MetaMessage(0x51, new byte[] {(byte) (m >> 16), (byte) (m >> 8), (byte) m}, 3)));
        }
        for (NoteSequence.TimeSignature ts : ns.getTimeSignaturesList()) {
            int numerator = ts.getNumerator();
            int denominator = ts.getDenominator();
            check(numerator > 0 && numerator <= 255, "time signature numerator " + numerator + " is not 1..255");
            check(denominator > 0 && Integer.bitCount(denominator) == 1,
                    "time signature denominator " + denominator + " is not a positive power of 2");
            checkTime(ts.getTime(), "time signature");
            events.add(new Placed(tickOf(tempoMap, ts.getTime()), RANK_TIME_SIGNATURE,
                    timeSignature(numerator, Integer.numberOfTrailingZeros(denominator))));
        }
        for (NoteSequence.KeySignature key : ns.getKeySignaturesList()) {
            int pitchClass = key.getKeyValue();
            check(pitchClass >= 0 && pitchClass < 12, "key " + pitchClass + " is not 0..11");
            checkTime(key.getTime(), "key signature");
            // Only minor is kept; every other mode is written as major, like note_seq does.
            boolean minor = key.getMode() == NoteSequence.KeySignature.Mode.MINOR;
            byte[] data = {(byte) KeyNames.sharps(pitchClass, minor), (byte) (minor ? 1 : 0)};
            events.add(new Placed(tickOf(tempoMap, key.getTime()), RANK_KEY_SIGNATURE, new MetaMessage(0x59, data, 2)));
        }
        return events;
    }

    private static MetaMessage timeSignature(int numerator, int denominatorPower) throws InvalidMidiDataException {
        // 24 MIDI clocks per metronome click and 8 32nd notes per quarter are mido's defaults.
        return new MetaMessage(0x58, new byte[] {(byte) numerator, (byte) denominatorPower, 24, 8}, 4);
    }

    /** One instrument's track: optional name, program change, notes (off = note-on velocity 0), bends, controls. */
    private List<Placed> instrumentEvents(Instrument instrument, int index) throws InvalidMidiDataException {
        int channel = instrument.drum ? DRUM_CHANNEL : MELODIC_CHANNELS[index % MELODIC_CHANNELS.length];
        List<Placed> events = new ArrayList<>();
        if (!instrument.name.isEmpty()) {
            byte[] name = latin1(instrument.name);
            events.add(new Placed(0, RANK_TRACK_NAME, new MetaMessage(0x03, name, name.length)));
        }
        events.add(new Placed(0, RANK_PROGRAM, new ShortMessage(ShortMessage.PROGRAM_CHANGE, channel, instrument.program, 0)));
        for (NoteSequence.Note note : instrument.notes) {
            int pitch = note.getPitch();
            int velocity = note.getVelocity();
            check(pitch >= 0 && pitch <= 127, "note pitch " + pitch + " is not 0..127");
            check(velocity >= 0 && velocity <= 127, "note velocity " + velocity + " is not 0..127");
            checkTime(note.getStartTime(), "note start");
            checkTime(note.getEndTime(), "note end");
            events.add(new Placed(tickOf(tempoMap, note.getStartTime()), RANK_NOTE_ON + pitch * 256 + velocity,
                    new ShortMessage(ShortMessage.NOTE_ON, channel, pitch, velocity)));
            events.add(new Placed(tickOf(tempoMap, note.getEndTime()), RANK_NOTE_ON + pitch * 256,
                    new ShortMessage(ShortMessage.NOTE_ON, channel, pitch, 0)));
        }
        for (NoteSequence.PitchBend bend : instrument.bends) {
            int value = bend.getBend();
            check(value >= -8192 && value <= 8191, "pitch bend " + value + " is not -8192..8191");
            checkTime(bend.getTime(), "pitch bend");
            int raw = value + 8192;
            events.add(new Placed(tickOf(tempoMap, bend.getTime()), RANK_BEND + value,
                    new ShortMessage(ShortMessage.PITCH_BEND, channel, raw & 0x7F, raw >> 7)));
        }
        for (NoteSequence.ControlChange cc : instrument.controls) {
            int number = cc.getControlNumber();
            int value = cc.getControlValue();
            check(number >= 0 && number <= 127, "control number " + number + " is not 0..127");
            check(value >= 0 && value <= 127, "control value " + value + " is not 0..127");
            checkTime(cc.getTime(), "control change");
            events.add(new Placed(tickOf(tempoMap, cc.getTime()), RANK_CONTROL + number * 256 + value,
                    new ShortMessage(ShortMessage.CONTROL_CHANGE, channel, number, value)));
        }
        return events;
    }

    /**
     * Sorts by tick, then rank (stable, as Python's sort), and adds the events plus an end_of_track one tick
     * after the last event. javax.sound.midi's writer then applies running status (reset after meta events),
     * which gives the same bytes mido writes.
     */
    private static void addTrack(Sequence sequence, List<Placed> events) throws InvalidMidiDataException {
        events.sort(Comparator.comparingLong(Placed::tick).thenComparingInt(Placed::rank));
        Track track = sequence.createTrack();
        for (Placed event : events) {
            track.add(new MidiEvent(event.message(), event.tick()));
        }
        long end = events.get(events.size() - 1).tick() + 1;
        track.add(new MidiEvent(new MetaMessage(0x2F, new byte[0], 0), end));
    }

    private long tickOf(TempoMap map, double time) {
        long tick = map.tickAt(time);
        check(tick <= MAX_TICK, "time " + time + " s lies beyond tick 1e10");
        return tick;
    }

    private void checkQpm(double qpm) {
        check(qpm > 0 && Double.isFinite(qpm), "tempo " + qpm + " qpm is not a positive number");
    }

    /** pretty_midi refuses negative times for meter and key; NaN and infinity cannot become ticks at all. */
    private void checkTime(double time, String what) {
        check(Double.isFinite(time), what + " time " + time + " is not finite");
        if (what.endsWith("signature")) {
            check(time >= 0, what + " time " + time + " is negative");
        }
    }

    /** mido writes names in Latin-1; characters outside it become '?' rather than failing the whole file. */
    private static byte[] latin1(String text) {
        CharsetEncoder encoder = StandardCharsets.ISO_8859_1.newEncoder()
                .onUnmappableCharacter(CodingErrorAction.REPLACE).onMalformedInput(CodingErrorAction.REPLACE);
        try {
            ByteBuffer buffer = encoder.encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("REPLACE mode cannot fail", e);
        }
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new MidiConversionException(SOURCE, INVALID_SEQUENCE, problem);
        }
    }
}
