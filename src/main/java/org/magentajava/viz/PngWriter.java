package org.magentajava.viz;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

import org.magentajava.viz.Scene.Line;
import org.magentajava.viz.Scene.Rect;
import org.magentajava.viz.Scene.Shape;
import org.magentajava.viz.Scene.Text;

/** Draws a {@link Scene} with Java2D; works headless. */
final class PngWriter {
    private PngWriter() {}

    static BufferedImage image(Scene scene) {
        BufferedImage img = new BufferedImage(scene.width(), scene.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            // Pure strokes put 1 px lines on pixel centres as in SVG, instead of nudging them.
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(scene.background());
            g.fillRect(0, 0, scene.width(), scene.height());
            for (Shape shape : scene.shapes()) {
                if (shape instanceof Rect r) {
                    rect(g, r);
                } else if (shape instanceof Line l) {
                    line(g, l);
                } else if (shape instanceof Text t) {
                    text(g, t);
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    static byte[] png(Scene scene) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image(scene), "png", out)) {
                throw new IllegalStateException("no PNG writer in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void rect(Graphics2D g, Rect r) {
        java.awt.Shape shape = r.radius() > 0
                ? new RoundRectangle2D.Double(r.x(), r.y(), r.w(), r.h(), 2 * r.radius(), 2 * r.radius())
                : new Rectangle2D.Double(r.x(), r.y(), r.w(), r.h());
        if (r.fill().getAlpha() > 0) {
            g.setColor(r.fill());
            g.fill(shape);
        }
        if (r.stroke() != null) {
            // SVG strokes are centred on the outline; so are Java2D's with STROKE_PURE.
            g.setColor(r.stroke());
            g.setStroke(new BasicStroke(1f));
            g.draw(shape);
        }
    }

    private static void line(Graphics2D g, Line l) {
        g.setColor(l.color());
        g.setStroke(l.dashed()
                ? new BasicStroke((float) l.width(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {5f, 3f}, 0f)
                : new BasicStroke((float) l.width()));
        g.draw(new Line2D.Double(l.x1(), l.y1(), l.x2(), l.y2()));
    }

    private static void text(Graphics2D g, Text t) {
        g.setFont(new Font(Font.SANS_SERIF, t.bold() ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) t.size()));
        g.setColor(t.color());
        double w = g.getFontMetrics().getStringBounds(t.text(), g).getWidth();
        double x = switch (t.anchor()) {
            case START -> t.x();
            case MIDDLE -> t.x() - w / 2;
            case END -> t.x() - w;
        };
        g.drawString(t.text(), (float) x, (float) t.y());
    }
}
