package org.magentajava.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.io.BadInputException;
import org.magentajava.proto.NoteSequence;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class PianoRollTest {
    @TempDir
    Path dir;

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> notes(Document doc) {
        List<Element> out = new ArrayList<>();
        NodeList rects = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
        for (int i = 0; i < rects.getLength(); i++) {
            Element e = (Element) rects.item(i);
            if (e.getAttribute("class").equals("note")) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void svgIsWellFormedWithOneTitledRectPerNote() throws Exception {
        NoteSequence ns = Tunes.odeToJoy();
        Document doc = parse(PianoRoll.svg(ns, PianoRollOptions.defaults().withTitle("ode <&> joy.mid")));
        List<Element> notes = notes(doc);
        assertEquals(ns.getNotesCount(), notes.size());
        for (Element n : notes) {
            String tip = n.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title").item(0).getTextContent();
            assertTrue(tip.matches("[A-G]#?-?\\d \\(\\d+\\) · start .*velocity \\d+.*"), tip);
        }
        assertTrue(doc.getDocumentElement().getTextContent().contains("ode <&> joy.mid"));
    }

    @Test
    void noteRectanglesSitWhereTheNotesAre() throws Exception {
        NoteSequence ns = NoteSequence.newBuilder()
                .addNotes(NoteSequence.Note.newBuilder().setPitch(60).setVelocity(100).setStartTime(0).setEndTime(1))
                .addNotes(NoteSequence.Note.newBuilder().setPitch(72).setVelocity(100).setStartTime(1).setEndTime(3))
                .build();
        List<Element> notes = notes(parse(PianoRoll.svg(ns, PianoRollOptions.defaults()
                .withPixelsPerSecond(100).withRowHeight(10))));
        Element c4 = notes.get(0), c5 = notes.get(1);
        assertEquals(100, Double.parseDouble(c5.getAttribute("x")) - Double.parseDouble(c4.getAttribute("x")), 1e-6);
        assertEquals(99, Double.parseDouble(c4.getAttribute("width")), 1e-6);
        assertEquals(199, Double.parseDouble(c5.getAttribute("width")), 1e-6);
        // Higher pitch is higher up: 12 semitones at 10 px per row.
        assertEquals(120, Double.parseDouble(c4.getAttribute("y")) - Double.parseDouble(c5.getAttribute("y")), 1e-6);
    }

    @Test
    void htmlIsSelfContainedAndWellFormed() throws Exception {
        NoteSequence ns = Tunes.odeToJoy();
        String html = PianoRoll.html(ns, PianoRollOptions.defaults().withTitle("ode.mid").withGeneratedStart(8));
        Document doc = parse(html);
        assertEquals("html", doc.getDocumentElement().getLocalName());
        assertEquals(ns.getNotesCount(), notes(doc).size());
        assertFalse(html.replace("http://www.w3.org/2000/svg", "").contains("http"), "no network references");
        assertFalse(html.contains("<script") || html.contains("<link") || html.contains("<img"));
        assertTrue(html.contains(">primer<") && html.contains(">generated<"));
        assertTrue(html.contains("120 qpm") && html.contains(ns.getNotesCount() + " notes"));
    }

    @Test
    void primerNotesAreGreyedAndTaggedInTooltips() throws Exception {
        NoteSequence ns = Tunes.odeToJoy();
        List<Element> notes = notes(parse(PianoRoll.svg(ns, PianoRollOptions.defaults().withGeneratedStart(8))));
        long primer = ns.getNotesList().stream().filter(n -> n.getStartTime() < 8).count();
        long tagged = notes.stream().filter(e -> e.getTextContent().endsWith("· primer")).count();
        assertEquals(primer, tagged);
        assertTrue(primer > 0 && primer < ns.getNotesCount());
    }

    @Test
    void pngHasTheLayoutSizeAndNoteColours(@TempDir Path tmp) throws Exception {
        NoteSequence ns = NoteSequence.newBuilder()
                .addNotes(NoteSequence.Note.newBuilder().setPitch(60).setVelocity(127).setStartTime(0).setEndTime(2))
                .build();
        PianoRollOptions opt = PianoRollOptions.defaults().withPixelsPerSecond(100).withRowHeight(10);
        Path out = tmp.resolve("one.png");
        assertEquals(PianoRoll.Format.PNG, PianoRoll.write(ns, out, opt));
        BufferedImage img = ImageIO.read(out.toFile());
        Scene scene = PianoRoll.layout(ns, opt);
        // 2 s = one 4/4 bar at 120 qpm; roll 480 px minimum is not applied when the scale is given.
        assertEquals(16 + 40 + 200 + 16, img.getWidth());
        assertEquals(scene.width(), img.getWidth());
        assertEquals(scene.height(), img.getHeight());
        Scene.Rect note = scene.shapes().stream().filter(s -> s instanceof Scene.Rect r && "note".equals(r.cssClass()))
                .map(s -> (Scene.Rect) s).findFirst().orElseThrow();
        int centre = img.getRGB((int) (note.x() + note.w() / 2), (int) (note.y() + note.h() / 2));
        assertEquals(note.fill().getRGB() & 0xFFFFFF, centre & 0xFFFFFF);
        assertEquals(Color.WHITE.getRGB(), img.getRGB(2, img.getHeight() - 2));
    }

    @Test
    void writeChoosesFormatByExtensionAndRejectsOthers() throws Exception {
        NoteSequence ns = Tunes.odeToJoy();
        PianoRollOptions opt = PianoRollOptions.defaults();
        assertEquals(PianoRoll.Format.SVG, PianoRoll.write(ns, dir.resolve("a.SVG"), opt));
        assertTrue(Files.readString(dir.resolve("a.SVG")).startsWith("<svg"));
        assertEquals(PianoRoll.Format.HTML, PianoRoll.write(ns, dir.resolve("a.html"), opt));
        BadInputException e = assertThrows(BadInputException.class,
                () -> PianoRoll.write(ns, dir.resolve("a.jpg"), opt));
        assertTrue(e.getMessage().contains("a.jpg"));
        assertFalse(Files.exists(dir.resolve("a.jpg")));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void emptySequenceStillDrawsOneBar() throws Exception {
        Document doc = parse(PianoRoll.svg(NoteSequence.getDefaultInstance(), PianoRollOptions.defaults()));
        assertEquals(0, notes(doc).size());
        assertTrue(doc.getDocumentElement().getTextContent().contains("1 bar"));
    }

    /** Writes example pictures for a human to look at: mvn test -Dviz.examples=/some/dir. */
    @Test
    void examplesForHumans() throws Exception {
        String where = System.getProperty("viz.examples");
        Path out = where == null ? dir : Path.of(where);
        NoteSequence ns = Tunes.odeToJoy();
        PianoRollOptions opt = PianoRollOptions.defaults().withTitle("ode_to_joy.mid").withGeneratedStart(8);
        PianoRoll.write(ns, out.resolve("ode.png"), opt);
        PianoRoll.write(ns, out.resolve("ode.html"), opt);
        assertTrue(Files.size(out.resolve("ode.png")) > 1000);
        PianoRoll.write(Tunes.busy(), out.resolve("busy.png"), PianoRollOptions.defaults().withTitle("busy.mid"));
        PianoRoll.write(Tunes.busy(), out.resolve("busy-narrow.png"),
                PianoRollOptions.defaults().withTitle("busy.mid").withMaxWidth(1600));
    }
}
