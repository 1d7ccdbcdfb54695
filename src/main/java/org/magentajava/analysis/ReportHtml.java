package org.magentajava.analysis;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The report as one self-contained HTML page: the comparison table, grouped bar charts (inline SVG) of the
 * note-length, scale-degree and bar-repetition distributions of both sets, and the longest copied runs. Nothing
 * is fetched: no scripts, fonts, images or style sheets from elsewhere.
 */
public final class ReportHtml {

    private static final String INPUT_COLOUR = "#d9534f";
    private static final String REFERENCE_COLOUR = "#337ab7";
    private static final String[] DEGREES = {"1", "\u266d2", "2", "\u266d3", "3", "4", "\u266f4", "5", "\u266d6",
        "6", "\u266d7", "7"};

    private ReportHtml() {
    }

    public static String render(AnalysisReport report) {
        SetStatistics a = report.input().statistics();
        SetStatistics b = report.reference().statistics();
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<title>Melody analysis</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:24px;color:#222;max-width:1100px}\n")
                .append("table{border-collapse:collapse;margin:8px 0 24px}\n")
                .append("td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:right}\n")
                .append("td:first-child,th:first-child{text-align:left}\n")
                .append(".in{color:" + INPUT_COLOUR + "}.ref{color:" + REFERENCE_COLOUR + "}\n")
                .append(".charts{display:flex;flex-wrap:wrap;gap:24px}\n")
                .append("svg text{font-family:sans-serif;font-size:11px}\n")
                .append("</style></head><body>\n<h1>Melody analysis</h1>\n");
        sb.append("<p><span class=\"in\">&#9632; input</span>: ").append(escape(report.input().description()))
                .append("<br><span class=\"ref\">&#9632; reference</span>: ")
                .append(escape(report.reference().description())).append("</p>\n");

        sb.append("<div class=\"charts\">\n");
        String[] lengthLabels = new String[NoteLengths.COUNT];
        for (int i = 0; i < lengthLabels.length; i++) {
            lengthLabels[i] = NoteLengths.label(i);
        }
        sb.append(chart("Note lengths (16th-note steps)", lengthLabels, a.noteLengthShares(), b.noteLengthShares()));
        sb.append(chart("Scale degrees (relative to the best-fitting major scale)", DEGREES, a.scaleDegreeShares(),
                b.scaleDegreeShares()));
        String[] lagLabels = new String[SetStatistics.LAGS.length + 1];
        double[] lagA = new double[lagLabels.length];
        double[] lagB = new double[lagLabels.length];
        for (int i = 0; i < SetStatistics.LAGS.length; i++) {
            lagLabels[i] = SetStatistics.LAGS[i] + (SetStatistics.LAGS[i] == 1 ? " bar" : " bars");
            lagA[i] = a.barRepetition(i);
            lagB[i] = b.barRepetition(i);
        }
        lagLabels[lagLabels.length - 1] = "any earlier";
        lagA[lagA.length - 1] = a.barEqualsAnyEarlier();
        lagB[lagB.length - 1] = b.barEqualsAnyEarlier();
        sb.append(chart("Bars equal to the bar this many bars earlier", lagLabels, lagA, lagB));
        sb.append(chart("Repeated pitch, empty beats, scale consistency",
                new String[] {"repeated pitch", "empty beats", "in scale"},
                new double[] {a.repeatedPitchShare(), a.emptyBeatRate(), a.scaleConsistency()},
                new double[] {b.repeatedPitchShare(), b.emptyBeatRate(), b.scaleConsistency()}));
        sb.append("</div>\n");

        sb.append("<h2>Figures</h2>\n<table>\n<tr><th></th><th class=\"in\">input</th><th class=\"ref\">reference"
                + "</th><th>difference</th></tr>\n");
        for (AnalysisReport.Row r : report.rows()) {
            row(sb, r);
        }
        sb.append(String.format(Locale.ROOT, "<tr><td>note-length total variation</td><td colspan=\"3\">%.3f</td>"
                + "</tr>%n", report.noteLengthDistance()));
        RepeatCalibration rc = report.repeatCalibration();
        if (rc != null) {
            sb.append(String.format(Locale.ROOT, "<tr><td>teacher-forced repeat share (%s)</td><td>model %.1f%%</td>"
                    + "<td>data %.1f%%</td><td>%+.1f pts</td></tr>%n", escape(rc.model()), 100 * rc.modelShare(),
                    100 * rc.dataShare(), 100 * (rc.modelShare() - rc.dataShare())));
        }
        sb.append("</table>\n");

        if (report.polyphony() != null) {
            polyphony(sb, report.polyphony());
        }

        if (!report.trainingCorpus().isEmpty()) {
            sb.append("<h2>Copied runs</h2>\n<p>Longest run of notes each melody shares with a tune of ")
                    .append(escape(report.trainingCorpus()))
                    .append(", in any transposition (same intervals, onsets and durations).</p>\n");
            copies(sb, "input", report.input().copies());
            copies(sb, "reference", report.reference().copies());
        }
        sb.append("</body></html>\n");
        return sb.toString();
    }

    /** Short names of the {@link ChordQuality} values, for a chart's axis. */
    private static final String[] QUALITY_AXIS = {"1", "3/6", "4/5", "2/7", "TT", "maj", "min", "dim", "aug", "7",
        "M7", "m7", "\u00f87", "o7", "other"};

    private static void polyphony(StringBuilder sb, PolyphonyReport p) {
        PolyphonyStatistics a = p.input();
        PolyphonyStatistics b = p.reference();
        sb.append(String.format(Locale.ROOT, "<h2>Polyphony: every voice, %d step%s per quarter note</h2>%n",
                p.stepsPerQuarter(), p.stepsPerQuarter() == 1 ? "" : "s"));
        sb.append("<p><span class=\"in\">&#9632; input</span>: ").append(escape(p.inputDescription()))
                .append("<br><span class=\"ref\">&#9632; reference</span>: ")
                .append(escape(p.referenceDescription())).append("</p>\n<div class=\"charts\">\n");
        String[] bins = new String[PolyphonyStatistics.HISTOGRAM_BINS];
        for (int i = 0; i < bins.length; i++) {
            bins[i] = PolyphonyStatistics.binLabel(i);
        }
        sb.append(chart("Notes sounding per step", bins, a.notesPerStepShares(), b.notesPerStepShares()));
        sb.append(chart("Chord quality of the sounding steps (intervals 3/6, 4/5, 2/7, TT; triads; 7ths)", QUALITY_AXIS,
                a.qualityShares(), b.qualityShares()));
        sb.append(chart("Voice motion, key and harmony",
                new String[] {"partial chg", "block chg", "middle moves", "2-4 notes", "in key", "triadic"},
                new double[] {a.partialChangeShare(), a.blockChangeShare(), a.middleVoiceMotion(), a.twoToFourShare(),
                    a.inKeyShare(), a.triadicShare()},
                new double[] {b.partialChangeShare(), b.blockChangeShare(), b.middleVoiceMotion(), b.twoToFourShare(),
                    b.inKeyShare(), b.triadicShare()}));
        sb.append("</div>\n<table>\n<tr><th></th><th class=\"in\">input</th><th class=\"ref\">reference"
                + "</th><th>difference</th></tr>\n");
        List<AnalysisReport.Row> rows = new java.util.ArrayList<>(p.rows());
        rows.addAll(p.qualityRows());
        for (AnalysisReport.Row r : rows) {
            row(sb, r);
        }
        sb.append("</table>\n");
    }

    private static void row(StringBuilder sb, AnalysisReport.Row r) {
        String diff = r.kind() == AnalysisReport.Kind.COUNT || Double.isNaN(r.difference()) ? ""
                : r.kind() == AnalysisReport.Kind.SHARE
                ? String.format(Locale.ROOT, "%+.1f pts", 100 * r.difference())
                : String.format(Locale.ROOT, "%+.3f", r.difference());
        sb.append("<tr><td>").append(escape(r.label())).append("</td><td>")
                .append(AnalysisReport.format(r.input(), r.kind())).append("</td><td>")
                .append(AnalysisReport.format(r.reference(), r.kind())).append("</td><td>").append(diff)
                .append("</td></tr>\n");
    }

    private static void copies(StringBuilder sb, String name, CopyStatistics copies) {
        if (copies == null || copies.runs().isEmpty()) {
            return;
        }
        sb.append(String.format(Locale.ROOT, "<h3>%s: mean longest run %.1f notes (%.2f bars); %d of %d melodies "
                + "copy %.0f bars or more</h3>%n", name, copies.meanNotes(), copies.meanBars(), copies.longCopies(),
                copies.runs().size(), CopyStatistics.LONG_COPY_BARS));
        sb.append("<table><tr><th>melody</th><th>notes</th><th>bars</th><th>from tune</th><th>transposed</th></tr>\n");
        List<CopiedRun> top = copies.runs().stream()
                .sorted(Comparator.comparingDouble(CopiedRun::bars).reversed()).limit(10).toList();
        for (CopiedRun r : top) {
            sb.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%.2f</td><td>%s</td><td>%+d</td>"
                    + "</tr>%n", escape(r.melody()), r.notes(), r.bars(), escape(r.tune().isEmpty() ? "-" : r.tune()),
                    r.transposition()));
        }
        sb.append("</table>\n");
    }

    /** A grouped bar chart of two distributions, shares on a 0..max axis. */
    static String chart(String title, String[] labels, double[] input, double[] reference) {
        int groupWidth = Math.max(40, 480 / labels.length);
        int left = 44;
        int top = 30;
        int height = 180;
        int width = left + groupWidth * labels.length + 10;
        double max = 0;
        for (int i = 0; i < labels.length; i++) {
            max = Math.max(max, finite(input[i]));
            max = Math.max(max, finite(reference[i]));
        }
        double tick = 0.25;
        for (double candidate : new double[] {0.025, 0.05, 0.1, 0.15, 0.2}) {
            if (4 * candidate >= max) {
                tick = candidate;
                break;
            }
        }
        double axisMax = 4 * tick;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "role=\"img\"><title>%s</title>%n", width, top + height + 40, escape(title)));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-weight=\"bold\" style=\"font-size:13px\">"
                + "%s</text>%n", left, escape(title)));
        for (int t = 0; t <= 4; t++) {
            double v = axisMax * t / 4;
            double y = top + height - height * t / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s%%</text>%n", left, width - 10, y, y,
                    left - 4, y + 4, percent(v)));
        }
        int barWidth = (groupWidth - 10) / 2;
        for (int i = 0; i < labels.length; i++) {
            int x = left + i * groupWidth + 5;
            bar(s, x, barWidth, input[i], axisMax, top, height, INPUT_COLOUR);
            bar(s, x + barWidth, barWidth, reference[i], axisMax, top, height, REFERENCE_COLOUR);
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x + barWidth, top + height + 16, escape(labels[i])));
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#444\"/>%n",
                left, width - 10, top + height, top + height));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"%d\">input</text><rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" "
                + "fill=\"%s\"/><text x=\"%d\" y=\"%d\">reference</text>%n", left, top + height + 26, INPUT_COLOUR,
                left + 14, top + height + 35, left + 70, top + height + 26, REFERENCE_COLOUR, left + 84,
                top + height + 35));
        s.append("</svg>\n");
        return s.toString();
    }

    private static void bar(StringBuilder s, int x, int w, double value, double axisMax, int top, int height,
            String colour) {
        double v = Math.min(finite(value), axisMax);
        double h = height * v / axisMax;
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">"
                + "<title>%s</title></rect>%n", x, top + height - h, w, h, colour,
                Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * value)));
    }

    /** 0.225 -> "22.5", 0.2 -> "20". */
    private static String percent(double share) {
        double p = Math.round(share * 1000) / 10.0;
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
