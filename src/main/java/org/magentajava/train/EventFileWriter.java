package org.magentajava.train;

import org.magentajava.data.TfRecordWriter;
import org.magentajava.proto.tf.Event;
import org.magentajava.proto.tf.SessionLog;
import org.magentajava.proto.tf.Summary;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A TensorBoard event file {@code events.out.tfevents.<unix-seconds>.<hostname>}: TFRecord-framed
 * {@code tensorflow.Event} protos, the first carrying {@code file_version "brain.Event:2"}. Each write is flushed
 * so TensorBoard sees it while training runs, and a killed job loses at most the event being written.
 */
public final class EventFileWriter implements Closeable {
    public static final String FILE_VERSION = "brain.Event:2";
    private final Path file;
    private final OutputStream stream;
    private final TfRecordWriter records;

    private EventFileWriter(Path file, OutputStream stream) throws IOException {
        this.file = file;
        this.stream = stream;
        this.records = new TfRecordWriter(stream);
        write(Event.newBuilder().setWallTime(now()).setFileVersion(FILE_VERSION).build());
    }

    /** Creates a new event file in dir (a ".N" suffix avoids reusing a name within the same second). */
    public static EventFileWriter create(Path dir) throws IOException {
        Files.createDirectories(dir);
        String base = "events.out.tfevents." + System.currentTimeMillis() / 1000 + "." + hostname();
        for (int n = 0; ; n++) {
            Path file = dir.resolve(n == 0 ? base : base + "." + n);
            try {
                OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new EventFileWriter(file, new BufferedOutputStream(out, 1 << 14));
            } catch (FileAlreadyExistsException e) {
                // next suffix
            }
        }
    }

    public Path file() {
        return file;
    }

    /** One event at this step with a simple_value per tag, in the map's order. */
    public void writeScalars(long step, Map<String, Double> values) throws IOException {
        Summary.Builder summary = Summary.newBuilder();
        values.forEach((tag, v) -> summary.addValue(Summary.Value.newBuilder().setTag(tag).setSimpleValue(v.floatValue())));
        write(Event.newBuilder().setWallTime(now()).setStep(step).setSummary(summary).build());
    }

    /** Marks a (re)start at step: TensorBoard then drops points after it left by an interrupted run. */
    public void writeSessionStart(long step) throws IOException {
        write(Event.newBuilder().setWallTime(now()).setStep(step)
                .setSessionLog(SessionLog.newBuilder().setStatus(SessionLog.SessionStatus.START)).build());
    }

    private void write(Event e) throws IOException {
        records.write(e.toByteArray());
        records.flush();
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    private static String hostname() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                name = "localhost";
            }
        }
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
