package org.magentajava.viz;

import java.awt.Color;
import java.util.List;

/**
 * A piano roll laid out once as a flat list of shapes in pixel coordinates, so the SVG and PNG backends draw
 * exactly the same picture.
 */
public record Scene(int width, int height, Color background, List<Shape> shapes) {

    public Scene {
        shapes = List.copyOf(shapes);
    }

    /** Something to draw; coordinates are pixels from the top-left corner. */
    public sealed interface Shape permits Rect, Line, Text {}

    /**
     * A filled rectangle. {@code stroke} may be null (no outline); {@code tooltip} may be null. {@code cssClass}
     * names the rectangle's role in the SVG ("note" for notes) so tests and stylesheets can find it.
     */
    public record Rect(double x, double y, double w, double h, Color fill, Color stroke, double radius,
                       String cssClass, String tooltip) implements Shape {}

    public record Line(double x1, double y1, double x2, double y2, Color color, double width, boolean dashed)
            implements Shape {}

    public enum Anchor { START, MIDDLE, END }

    /** Text whose baseline starts (or centres or ends, per anchor) at (x, y). */
    public record Text(double x, double y, String text, double size, Color color, Anchor anchor, boolean bold)
            implements Shape {}
}
