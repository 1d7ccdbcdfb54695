package org.magentajava.viz;

import java.awt.Color;
import java.util.Locale;

import org.magentajava.viz.Scene.Line;
import org.magentajava.viz.Scene.Rect;
import org.magentajava.viz.Scene.Shape;
import org.magentajava.viz.Scene.Text;

/** Serialises a {@link Scene} as a standalone SVG document, and wraps it in a self-contained HTML page. */
final class SvgWriter {
    static final String FONTS = "'DejaVu Sans', 'Helvetica Neue', Helvetica, Arial, sans-serif";

    private SvgWriter() {}

    static String svg(Scene scene) {
        StringBuilder b = new StringBuilder(64 * scene.shapes().size() + 512);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(scene.width())
                .append("\" height=\"").append(scene.height())
                .append("\" viewBox=\"0 0 ").append(scene.width()).append(' ').append(scene.height())
                .append("\" font-family=\"").append(FONTS)
                // Keep the header's double spaces, as Java2D does in the PNG.
                .append("\" xml:space=\"preserve\">\n");
        b.append("<rect class=\"background\" x=\"0\" y=\"0\" width=\"").append(scene.width())
                .append("\" height=\"").append(scene.height()).append('"');
        paint(b, "fill", scene.background());
        b.append("/>\n");
        for (Shape shape : scene.shapes()) {
            if (shape instanceof Rect r) {
                rect(b, r);
            } else if (shape instanceof Line l) {
                line(b, l);
            } else if (shape instanceof Text t) {
                text(b, t);
            }
        }
        return b.append("</svg>\n").toString();
    }

    /** An HTML page with the SVG inline: no scripts, fonts or images from the network. */
    static String html(Scene scene, String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>" + escape(title)
                + "</title>\n<style>\n"
                + "body { margin: 0; padding: 24px; background: #eef0f3; font-family: " + FONTS + "; }\n"
                + ".roll { display: inline-block; max-width: 100%; overflow-x: auto; background: #fff;"
                + " border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,0.12); }\n"
                + ".roll svg { display: block; }\n"
                + "rect.note:hover { stroke: #111; stroke-width: 2; }\n"
                + "</style>\n</head>\n<body>\n<div class=\"roll\">\n" + svg(scene) + "</div>\n</body>\n</html>\n";
    }

    private static void rect(StringBuilder b, Rect r) {
        b.append("<rect");
        if (r.cssClass() != null) {
            b.append(" class=\"").append(r.cssClass()).append('"');
        }
        b.append(" x=\"").append(num(r.x())).append("\" y=\"").append(num(r.y()))
                .append("\" width=\"").append(num(r.w())).append("\" height=\"").append(num(r.h())).append('"');
        if (r.radius() > 0) {
            b.append(" rx=\"").append(num(r.radius())).append('"');
        }
        paint(b, "fill", r.fill());
        if (r.stroke() != null) {
            paint(b, "stroke", r.stroke());
            b.append(" stroke-width=\"1\"");
        }
        if (r.tooltip() == null) {
            b.append("/>\n");
        } else {
            b.append("><title>").append(escape(r.tooltip())).append("</title></rect>\n");
        }
    }

    private static void line(StringBuilder b, Line l) {
        b.append("<line x1=\"").append(num(l.x1())).append("\" y1=\"").append(num(l.y1()))
                .append("\" x2=\"").append(num(l.x2())).append("\" y2=\"").append(num(l.y2())).append('"');
        paint(b, "stroke", l.color());
        b.append(" stroke-width=\"").append(num(l.width())).append('"');
        if (l.dashed()) {
            b.append(" stroke-dasharray=\"5 3\"");
        }
        b.append("/>\n");
    }

    private static void text(StringBuilder b, Text t) {
        b.append("<text x=\"").append(num(t.x())).append("\" y=\"").append(num(t.y()))
                .append("\" font-size=\"").append(num(t.size())).append('"');
        paint(b, "fill", t.color());
        switch (t.anchor()) {
            case MIDDLE -> b.append(" text-anchor=\"middle\"");
            case END -> b.append(" text-anchor=\"end\"");
            case START -> { }
        }
        if (t.bold()) {
            b.append(" font-weight=\"bold\"");
        }
        b.append('>').append(escape(t.text())).append("</text>\n");
    }

    /** SVG 1.1 has no rgba(): colour and opacity are separate attributes. */
    private static void paint(StringBuilder b, String attr, Color c) {
        b.append(' ').append(attr).append("=\"")
                .append(String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue()))
                .append('"');
        if (c.getAlpha() < 255) {
            b.append(' ').append(attr).append("-opacity=\"").append(num(c.getAlpha() / 255.0)).append('"');
        }
    }

    static String num(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> {
                    // XML 1.0 forbids most control characters; file names can contain them.
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        b.append('?');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
