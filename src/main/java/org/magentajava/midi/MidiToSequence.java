package org.magentajava.midi;

import static org.magentajava.midi.MidiConversionException.Reason.INVALID_TEMPO;
import static org.magentajava.midi.MidiConversionException.Reason.INVALID_TIME_SIGNATURE;
import static org.magentajava.midi.MidiConversionException.Reason.TICK_TOO_LARGE;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.magentajava.proto.NoteSequence;

/**
 * Builds a NoteSequence from a parsed SMF the way note_seq's midi_io does over pretty_midi: tempo, meter and
 * key from track 0 only; one instrument per (program, channel, track), created when its first note closes;
 * notes listed by instrument, then in the order they closed.
 */
final class MidiToSequence {
    /** note_seq raises pretty_midi's MAX_TICK to 1e10; a larger tick means a corrupt file. */
    private static final double MAX_TICK = 1e10;
    private static final int DRUM_CHANNEL = 9;

    private final SmfFile smf;
    private final String source;
    private TempoMap tempoMap;

    private MidiToSequence(SmfFile smf, String source) {
        this.smf = smf;
        this.source = source;
    }

    static NoteSequence convert(SmfFile smf, String source) {
        return new MidiToSequence(smf, source).sequence();
    }

    private NoteSequence sequence() {
        long maxTick = 0;
        for (SmfFile.Track track : smf.tracks()) {
            maxTick = Math.max(maxTick, track.lastTick());
        }
        if (maxTick + 1 > MAX_TICK) {
            throw new MidiConversionException(source, TICK_TOO_LARGE,
                    "largest tick " + (maxTick + 1) + " exceeds 1e10; the file is likely corrupt");
        }
        int resolution = smf.ticksPerQuarter();
        NoteSequence.Builder ns = NoteSequence.newBuilder().setTicksPerQuarter(resolution);
        ns.getSourceInfoBuilder()
                .setParser(NoteSequence.SourceInfo.Parser.PRETTY_MIDI)
                .setEncodingType(NoteSequence.SourceInfo.EncodingType.MIDI);
        tempoMap = readTempoMap(resolution);
        addMeterAndKeys(ns);
        for (int i = 0; i < tempoMap.size(); i++) {
            ns.addTemposBuilder().setTime(tempoMap.seconds(tempoMap.tickOf(i))).setQpm(tempoMap.qpmOf(i));
        }
        addInstruments(ns, readInstruments());
        return ns.build();
    }

    /** pretty_midi's _load_tempo_changes: 120 bpm at tick 0, replaced by a tick-0 set_tempo, then real changes. */
    private TempoMap readTempoMap(int resolution) {
        TempoMap map = TempoMap.ofQpm(resolution, 120.0);
        for (SmfFile.Event event : smf.tracks().get(0).events()) {
            if (event instanceof SmfFile.SetTempo tempo) {
                if (tempo.microsPerQuarter() == 0) {
                    throw new MidiConversionException(source, INVALID_TEMPO, "set_tempo of 0 microseconds per quarter");
                }
                double scale = TempoMap.scaleOfMicros(tempo.microsPerQuarter(), resolution);
                if (tempo.tick() == 0) {
                    map.resetTo(scale);
                } else if (scale != map.lastScale()) { // repeated tempos are dropped
                    map.append(tempo.tick(), scale);
                }
            }
        }
        return map;
    }

    private void addMeterAndKeys(NoteSequence.Builder ns) {
        for (SmfFile.Event event : smf.tracks().get(0).events()) {
            if (event instanceof SmfFile.TimeSignature ts) {
                if (ts.numerator() == 0) {
                    throw new MidiConversionException(source, INVALID_TIME_SIGNATURE, "numerator 0 at tick " + ts.tick());
                }
                if (ts.denominatorPower() > 30) { // 2^31 and up do not fit the proto's int32
                    throw new MidiConversionException(source, INVALID_TIME_SIGNATURE,
                            "denominator 2^" + ts.denominatorPower() + " at tick " + ts.tick());
                }
                ns.addTimeSignaturesBuilder()
                        .setTime(tempoMap.seconds(ts.tick()))
                        .setNumerator(ts.numerator())
                        .setDenominator(1 << ts.denominatorPower());
            } else if (event instanceof SmfFile.KeySignature key) {
                ns.addKeySignaturesBuilder()
                        .setTime(tempoMap.seconds(key.tick()))
                        .setKeyValue(KeyNames.pitchClass(key.sharps(), key.minor()))
                        .setMode(key.minor() ? NoteSequence.KeySignature.Mode.MINOR : NoteSequence.KeySignature.Mode.MAJOR);
            }
        }
    }

    private record InstrumentKey(int program, int channel, int track) {
    }

    private record ChannelTrack(int channel, int track) {
    }

    private record OpenNote(long tick, int velocity) {
    }

    private record Note(int pitch, int velocity, double start, double end) {
    }

    private record Bend(double time, int value) {
    }

    private record Control(double time, int number, int value) {
    }

    /**
     * A pretty_midi Instrument. Bend and control lists are shared, not copied: an instrument created on a
     * (channel, track) that had earlier "straggler" events takes over the straggler's lists, and so does every
     * later instrument there, whatever its program, so all of them report the same bends and controls.
     */
    private static final class Instrument {
        final int program;
        final boolean drum;
        final String name;
        final List<Note> notes = new ArrayList<>();
        List<Bend> bends = new ArrayList<>();
        List<Control> controls = new ArrayList<>();

        Instrument(int program, boolean drum, String name) {
            this.program = program;
            this.drum = drum;
            this.name = name;
        }
    }

    /** pretty_midi's _load_instruments. */
    private List<Instrument> readInstruments() {
        Map<InstrumentKey, Instrument> instruments = new LinkedHashMap<>();
        Map<ChannelTrack, Instrument> stragglers = new HashMap<>();
        for (int trackIndex = 0; trackIndex < smf.tracks().size(); trackIndex++) {
            String trackName = "";
            int[] programs = new int[16];
            Map<Integer, List<OpenNote>> open = new HashMap<>(); // key: channel * 128 + pitch
            for (SmfFile.Event event : smf.tracks().get(trackIndex).events()) {
                if (event instanceof SmfFile.TrackName name) {
                    trackName = name.name();
                    continue;
                }
                if (!(event instanceof SmfFile.ChannelEvent e)) {
                    continue;
                }
                int channel = e.channel();
                switch (e.command()) {
                    case SmfFile.ChannelEvent.PROGRAM_CHANGE -> programs[channel] = e.data1();
                    case SmfFile.ChannelEvent.NOTE_ON, SmfFile.ChannelEvent.NOTE_OFF -> {
                        int pitch = e.data1();
                        int key = channel * 128 + pitch;
                        if (e.command() == SmfFile.ChannelEvent.NOTE_ON && e.data2() > 0) {
                            open.computeIfAbsent(key, k -> new ArrayList<>()).add(new OpenNote(e.tick(), e.data2()));
                            continue;
                        }
                        List<OpenNote> pending = open.get(key);
                        if (pending == null) {
                            continue; // a stray note-off
                        }
                        // One off closes every open note of this pitch except those started on this very tick.
                        List<OpenNote> keep = new ArrayList<>();
                        boolean closedAny = false;
                        for (OpenNote note : pending) {
                            if (note.tick() == e.tick()) {
                                keep.add(note);
                                continue;
                            }
                            closedAny = true;
                            Instrument instrument = instrumentFor(instruments, stragglers,
                                    new InstrumentKey(programs[channel], channel, trackIndex), true, trackName);
                            instrument.notes.add(new Note(pitch, note.velocity(),
                                    tempoMap.seconds(note.tick()), tempoMap.seconds(e.tick())));
                        }
                        // Notes started on this tick survive only when the off closed something else;
                        // an off that closes nothing discards them (pretty_midi's rule, zero-length notes vanish).
                        if (closedAny && !keep.isEmpty()) {
                            open.put(key, keep);
                        } else {
                            open.remove(key);
                        }
                    }
                    case SmfFile.ChannelEvent.PITCH_BEND -> {
                        int value = (e.data2() << 7 | e.data1()) - 8192;
                        instrumentFor(instruments, stragglers, new InstrumentKey(programs[channel], channel, trackIndex),
                                false, trackName).bends.add(new Bend(tempoMap.seconds(e.tick()), value));
                    }
                    case SmfFile.ChannelEvent.CONTROL_CHANGE -> instrumentFor(instruments, stragglers,
                            new InstrumentKey(programs[channel], channel, trackIndex), false, trackName)
                            .controls.add(new Control(tempoMap.seconds(e.tick()), e.data1(), e.data2()));
                    default -> {
                    }
                }
            }
        }
        return new ArrayList<>(instruments.values());
    }

    /**
     * pretty_midi's __get_instrument: the instrument for (program, channel, track); if there is none yet, a
     * note creates it while a bend or control goes to the (channel, track) straggler, created on demand.
     */
    private static Instrument instrumentFor(Map<InstrumentKey, Instrument> instruments,
            Map<ChannelTrack, Instrument> stragglers, InstrumentKey key, boolean createNew, String trackName) {
        Instrument existing = instruments.get(key);
        if (existing != null) {
            return existing;
        }
        ChannelTrack place = new ChannelTrack(key.channel(), key.track());
        Instrument straggler = stragglers.get(place);
        if (!createNew) {
            if (straggler == null) {
                straggler = new Instrument(key.program(), false, trackName);
                stragglers.put(place, straggler);
            }
            return straggler;
        }
        Instrument created = new Instrument(key.program(), key.channel() == DRUM_CHANNEL, trackName);
        if (straggler != null) {
            created.bends = straggler.bends;
            created.controls = straggler.controls;
        }
        instruments.put(key, created);
        return created;
    }

    /** midi_io's copy from pretty_midi instruments into the NoteSequence. */
    private static void addInstruments(NoteSequence.Builder ns, List<Instrument> instruments) {
        double totalTime = 0.0;
        for (int index = 0; index < instruments.size(); index++) {
            Instrument instrument = instruments.get(index);
            if (!instrument.name.isEmpty()) {
                ns.addInstrumentInfos(NoteSequence.InstrumentInfo.newBuilder().setInstrument(index).setName(instrument.name));
            }
            for (Note note : instrument.notes) {
                totalTime = Math.max(totalTime, note.end());
            }
        }
        ns.setTotalTime(totalTime);
        for (int index = 0; index < instruments.size(); index++) {
            Instrument instrument = instruments.get(index);
            for (Note note : instrument.notes) {
                ns.addNotesBuilder()
                        .setInstrument(index)
                        .setProgram(instrument.program)
                        .setStartTime(note.start())
                        .setEndTime(note.end())
                        .setPitch(note.pitch())
                        .setVelocity(note.velocity())
                        .setIsDrum(instrument.drum);
            }
        }
        for (int index = 0; index < instruments.size(); index++) {
            Instrument instrument = instruments.get(index);
            for (Bend bend : instrument.bends) {
                ns.addPitchBendsBuilder()
                        .setInstrument(index)
                        .setProgram(instrument.program)
                        .setTime(bend.time())
                        .setBend(bend.value())
                        .setIsDrum(instrument.drum);
            }
        }
        for (int index = 0; index < instruments.size(); index++) {
            Instrument instrument = instruments.get(index);
            for (Control control : instrument.controls) {
                ns.addControlChangesBuilder()
                        .setInstrument(index)
                        .setProgram(instrument.program)
                        .setTime(control.time())
                        .setControlNumber(control.number())
                        .setControlValue(control.value())
                        .setIsDrum(instrument.drum);
            }
        }
    }
}
