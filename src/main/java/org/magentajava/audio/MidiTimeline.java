package org.magentajava.audio;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Sequence;
import javax.sound.midi.Track;

/**
 * A MIDI Sequence's events from all tracks merged in tick order, each with its time in microseconds from the
 * start, following tempo changes (set-tempo meta events) the way a sequencer would.
 */
record MidiTimeline(List<Timed> events, long lengthMicros) {
    private static final int SET_TEMPO = 0x51;
    private static final long DEFAULT_MICROS_PER_QUARTER = 500_000; // 120 qpm, the MIDI default

    record Timed(long micros, MidiMessage message) {}

    private record Tagged(long tick, int track, int index, MidiMessage message) {}

    static MidiTimeline of(Sequence seq) {
        List<Tagged> all = new ArrayList<>();
        Track[] tracks = seq.getTracks();
        for (int t = 0; t < tracks.length; t++) {
            for (int i = 0; i < tracks[t].size(); i++) {
                MidiEvent e = tracks[t].get(i);
                all.add(new Tagged(e.getTick(), t, i, e.getMessage()));
            }
        }
        // Ties keep track order, then file order, so a program change written before a note-on stays before it.
        all.sort(Comparator.comparingLong(Tagged::tick).thenComparingInt(Tagged::track)
                .thenComparingInt(Tagged::index));

        List<Timed> out = new ArrayList<>(all.size());
        boolean ppq = seq.getDivisionType() == Sequence.PPQ;
        double resolution = Math.max(1, seq.getResolution());
        long microsPerQuarter = DEFAULT_MICROS_PER_QUARTER;
        long lastTick = 0;
        double micros = 0;
        for (Tagged e : all) {
            if (ppq) {
                micros += (e.tick() - lastTick) * (double) microsPerQuarter / resolution;
            } else {
                // SMPTE: divisionType is frames per second, resolution ticks per frame; tempo does not apply.
                micros = e.tick() * 1e6 / (seq.getDivisionType() * resolution);
            }
            lastTick = e.tick();
            if (e.message() instanceof MetaMessage meta) {
                byte[] d = meta.getData();
                if (meta.getType() == SET_TEMPO && d.length >= 3) {
                    long mpq = ((d[0] & 0xFFL) << 16) | ((d[1] & 0xFFL) << 8) | (d[2] & 0xFFL);
                    if (mpq > 0) {
                        microsPerQuarter = mpq;
                    }
                }
                continue;
            }
            out.add(new Timed(Math.round(micros), e.message()));
        }
        return new MidiTimeline(List.copyOf(out), Math.round(micros));
    }
}
