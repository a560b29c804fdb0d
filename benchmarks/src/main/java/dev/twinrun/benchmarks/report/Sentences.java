package dev.twinrun.benchmarks.report;

import dev.twinrun.benchmarks.report.ReportSummary.ScenarioInfo;
import dev.twinrun.benchmarks.report.ReportSummary.Verdict;
import dev.twinrun.benchmarks.stats.InputData;
import dev.twinrun.benchmarks.stats.JobIdentity;
import dev.twinrun.benchmarks.stats.Provenance;
import dev.twinrun.pricing.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/** The report's prose, each sentence written once as {@link Text}; every renderer emphasises it its own way. */
public final class Sentences {
    private Sentences() {}

    /** "Scenario `x`, price book `y` (date, region), generated t." */
    public static Text header(ReportSummary s) {
        return Text.builder()
                .plain("Scenario ")
                .code(s.scenario().name())
                .plain(", price book ")
                .code(s.priceBook().id())
                .plain(" (" + s.priceBook().date() + ", " + s.priceBook().region() + ")")
                .plain(s.generatedAt() == null ? "" : ", generated " + s.generatedAt())
                .plain(".")
                .build();
    }

    /**
     * The data the measurements ran on: generated or the user's (then "nothing generated"), the hours, files, bytes,
     * rows and SHA-256; null when the summary does not name it.
     */
    public static Text data(ReportSummary s) {
        InputData d = s.data();
        if (d == null) {
            return null;
        }
        Text.Builder b = Text.builder().plain("Data: ");
        if (d.generated()) {
            b.plain(d.source());
        } else {
            b.strong("your files, nothing generated").plain(", from ").code(d.source());
        }
        b.plain("; " + d.hours().size() + " hour" + (d.hours().size() == 1 ? "" : "s") + " (" + hours(d) + "), "
                + d.files() + " file" + (d.files() == 1 ? "" : "s") + ", "
                + String.format(Locale.ROOT, "%,d", d.bytes())
                + " bytes" + (d.rows() == null ? "" : String.format(Locale.ROOT, ", %,d rows", d.rows())));
        if (d.sha256() != null) {
            b.plain(", SHA-256 ").code(d.sha256());
        }
        if (d.layout() != null) {
            b.plain("; hours by " + d.layout());
        }
        return b.plain(".").build();
    }

    /** The job the measurements ran; null when the summary does not name it. */
    public static Text job(ReportSummary s) {
        JobIdentity j = s.job();
        if (j == null) {
            return null;
        }
        Text.Builder b = Text.builder().plain("Job: ");
        switch (j.kind()) {
            case JobIdentity.SPEC ->
                b.plain("job spec ")
                        .code(j.file())
                        .plain(" (name " + j.name() + ", SHA-256 ")
                        .code(j.sha256())
                        .plain(")");
            case JobIdentity.JAR ->
                b.plain("class ")
                        .code(j.className())
                        .plain(" from ")
                        .code(j.file())
                        .plain(" (SHA-256 ")
                        .code(j.sha256())
                        .plain(")");
            default -> b.plain("the built-in transformation ").code(j.name());
        }
        return b.plain(".").build();
    }

    private static String hours(InputData d) {
        List<String> h = d.hours();
        if (h.size() <= 3) {
            return String.join(", ", h);
        }
        return h.get(0) + " .. " + h.get(h.size() - 1);
    }

    /** The schedule priced, the free tier and whether Lambda INIT is billed. */
    public static Text schedule(ScenarioInfo sc) {
        return Text.builder()
                .plain("Schedule: " + schedule(sc.runsPerDay(), sc.daysPerMonth()) + " = "
                        + Money.plain(sc.runsPerMonth(), 4) + " runs/month; free tier " + (sc.freeTier() ? "on" : "off")
                        + "; Lambda INIT " + (sc.initBilled() ? "billed" : "not billed") + ".")
                .build();
    }

    /** Which variant is cheaper at one schedule, by how much and why; the winner in strong. */
    public static Text verdict(Verdict v) {
        String where = ("scenario".equals(v.schedule()) ? "At the scenario's schedule" : "At the seed's schedule")
                + " (" + schedule(v.runsPerDay(), v.daysPerMonth()) + ")";
        if (v.runnerUpVariantId() == null) {
            return Text.builder()
                    .plain(where + ": only ")
                    .strong(v.cheapestVariantId())
                    .plain(modelled(v.cheapestDurationProvenance()) + " is feasible, "
                            + Money.format(v.cheapestMonthUsd()) + "/month.")
                    .build();
        }
        String[] months = Money.formatApart(v.cheapestMonthUsd(), v.runnerUpMonthUsd());
        Text.Builder b = Text.builder()
                .plain(where + ": ")
                .strong(v.cheapestVariantId())
                .plain(modelled(v.cheapestDurationProvenance()) + " is cheaper at " + months[0]
                        + "/month against " + months[1] + " for " + v.runnerUpVariantId()
                        + modelled(v.runnerUpDurationProvenance()) + ", saving " + Money.format(v.savingUsd())
                        + "/month ("
                        + Money.plain(v.savingPercent(), 1) + " %). Why: " + v.why() + "."
                        + (v.sensitivity() == null ? "" : " Sensitivity: " + v.sensitivity() + ".")
                        + (v.withoutCommitments() == null
                                ? ""
                                : " Without commitments: " + v.withoutCommitments() + "."));
        if (v.deployCommand() != null) {
            b.plain(" Deploy it: ").code(v.deployCommand());
        }
        return b.build();
    }

    /** "24 runs/day x 30 days", or "x 730 h (30.42 days)" for a month of hours. */
    public static String schedule(BigDecimal runsPerDay, BigDecimal days) {
        return Money.plain(runsPerDay, 4) + " runs/day x "
                + (days == null ? "730 h (30.42 days)" : Money.plain(days, 4) + " days");
    }

    private static String modelled(Provenance p) {
        return p == Provenance.MODELLED ? " (duration modelled)" : "";
    }
}
