package dev.twinrun.benchmarks.report;

import java.util.Locale;

/** Small helpers for hand-written SVG: number formatting, escaping, "nice" axis steps. */
final class Svg {
  private Svg() {}

  static String n(double d) {
    return String.format(Locale.ROOT, "%.2f", d);
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** A round step (1, 2 or 5 x 10^k) giving about {@code ticks} intervals over {@code range}. */
  static double niceStep(double range, int ticks) {
    if (range <= 0) {
      return 1;
    }
    double raw = range / ticks;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / mag;
    double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nice * mag;
  }

  /** The axis maximum: the first multiple of the nice step at or above {@code max}. */
  static double niceMax(double max, int ticks) {
    if (max <= 0) {
      return 1;
    }
    double step = niceStep(max, ticks);
    return Math.ceil(max / step) * step;
  }

  static String label(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e12) {
      return String.format(Locale.ROOT, "%d", (long) v);
    }
    if (Math.abs(v) >= 0.01) {
      return String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
