package dev.twinrun.benchmarks.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A sentence written once, with its emphasis as data: plain, strong and code spans, rendered per format
 * ({@link #markdown()}, {@link #html()}, {@link #plain()}) instead of one format's markup being stripped for another.
 */
public record Text(List<Span> spans) {
    /** How a span is emphasised. */
    public enum Style {
        PLAIN,
        STRONG,
        CODE
    }

    /** A run of words in one style. */
    public record Span(String text, Style style) {}

    public Text {
        spans = List.copyOf(spans);
    }

    /** An empty sentence to append to. */
    public static Builder builder() {
        return new Builder();
    }

    /** Markdown: strong as {@code **x**}, code as {@code `x`}. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        for (Span s : spans) {
            switch (s.style()) {
                case STRONG -> b.append("**").append(s.text()).append("**");
                case CODE -> b.append('`').append(s.text()).append('`');
                default -> b.append(s.text());
            }
        }
        return b.toString();
    }

    /** HTML, escaped: strong as {@code <strong>}, code as {@code <code>}. */
    public String html() {
        StringBuilder b = new StringBuilder();
        for (Span s : spans) {
            switch (s.style()) {
                case STRONG ->
                    b.append("<strong>").append(HtmlReport.esc(s.text())).append("</strong>");
                case CODE -> b.append("<code>").append(HtmlReport.esc(s.text())).append("</code>");
                default -> b.append(HtmlReport.esc(s.text()));
            }
        }
        return b.toString();
    }

    /** Plain text for the terminal: the words without emphasis. */
    public String plain() {
        StringBuilder b = new StringBuilder();
        spans.forEach(s -> b.append(s.text()));
        return b.toString();
    }

    @Override
    public String toString() {
        return plain();
    }

    /** Appends spans; adjacent spans of one style stay separate, which no format minds. */
    public static final class Builder {
        private final List<Span> spans = new ArrayList<>();

        private Builder() {}

        public Builder plain(String text) {
            return add(text, Style.PLAIN);
        }

        public Builder strong(String text) {
            return add(text, Style.STRONG);
        }

        public Builder code(String text) {
            return add(text, Style.CODE);
        }

        private Builder add(String text, Style style) {
            if (text != null && !text.isEmpty()) {
                spans.add(new Span(text, style));
            }
            return this;
        }

        public Text build() {
            return new Text(spans);
        }
    }
}
