package dev.twinrun.benchmarks.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.twinrun.benchmarks.report.ReportSummary.PricedVariant;
import dev.twinrun.benchmarks.report.ReportSummary.Verdict;
import dev.twinrun.benchmarks.stats.PhaseStats;
import dev.twinrun.benchmarks.stats.Provenance;
import dev.twinrun.benchmarks.stats.VariantStats;
import dev.twinrun.pricing.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** What changed between two reports: context, monthly costs, wall-time percentiles and the winner. */
public final class ReportDiff {
    private ReportDiff() {}

    /** One compared number; {@code a} or {@code b} is null when only one report has it. */
    public record Change(String key, String unit, BigDecimal a, BigDecimal b, BigDecimal delta, BigDecimal percent) {}

    /** The comparison of report A (before) with report B (after). */
    public record Result(
            List<String> context,
            List<Change> costs,
            List<Change> durations,
            String winnerA,
            String winnerB,
            boolean winnerChanged) {}

    public static Result diff(ReportSummary a, ReportSummary b) {
        List<String> context = new ArrayList<>();
        compare(context, "scenario", a.scenario().name(), b.scenario().name());
        compare(
                context,
                "price book",
                a.priceBook().id() + " (" + a.priceBook().date() + ")",
                b.priceBook().id() + " (" + b.priceBook().date() + ")");
        compare(
                context,
                "runs/day",
                plain(a.scenario().runsPerDay()),
                plain(b.scenario().runsPerDay()));
        compare(
                context,
                "days/month",
                plain(a.scenario().daysPerMonth()),
                plain(b.scenario().daysPerMonth()));
        compare(
                context,
                "free tier",
                String.valueOf(a.scenario().freeTier()),
                String.valueOf(b.scenario().freeTier()));

        Map<String, BigDecimal> costA = new LinkedHashMap<>();
        Map<String, BigDecimal> costB = new LinkedHashMap<>();
        a.costs().forEach(v -> costA.put(v.variantId(), v.perMonthUsd()));
        b.costs().forEach(v -> costB.put(v.variantId(), v.perMonthUsd()));
        List<Change> costs = changes(costA, costB, "USD/month");

        Map<String, BigDecimal> durA = durations(a.measurements());
        Map<String, BigDecimal> durB = durations(b.measurements());
        List<Change> durations = changes(durA, durB, "ms");

        String wa = winner(a);
        String wb = winner(b);
        return new Result(context, costs, durations, wa, wb, !Objects.equals(wa, wb));
    }

    /** The diff as indented JSON, numbers plain, ending in a newline. */
    public static String json(Result r) throws JsonProcessingException {
        return new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                        .writeValueAsString(r)
                + "\n";
    }

    /** Renders a diff as Markdown. */
    public static String markdown(Result r) {
        StringBuilder md = new StringBuilder("# Report diff (A -> B)\n\n");
        md.append("Winner at the scenario's schedule: ")
                .append(r.winnerA())
                .append(" -> ")
                .append(r.winnerB())
                .append(r.winnerChanged() ? " (**changed**)" : " (unchanged)")
                .append("\n\n");
        if (!r.context().isEmpty()) {
            md.append("## Context\n\n");
            r.context().forEach(c -> md.append("- ").append(c).append("\n"));
            md.append("\n");
        }
        table(md, "Monthly cost", r.costs(), true);
        table(md, "Wall time", r.durations(), false);
        return md.toString();
    }

    private static void table(StringBuilder md, String title, List<Change> changes, boolean money) {
        md.append("## ").append(title).append("\n\n");
        if (changes.isEmpty()) {
            md.append("Nothing to compare.\n\n");
            return;
        }
        md.append("| what | A | B | change | % |\n|---|---:|---:|---:|---:|\n");
        for (Change c : changes) {
            md.append("| ")
                    .append(c.key())
                    .append(" | ")
                    .append(fmt(c.a(), money))
                    .append(" | ")
                    .append(fmt(c.b(), money))
                    .append(" | ")
                    .append(c.delta() == null ? "" : (c.delta().signum() > 0 ? "+" : "") + fmt(c.delta(), money))
                    .append(" | ")
                    .append(
                            c.percent() == null
                                    ? ""
                                    : (c.percent().signum() > 0 ? "+" : "")
                                            + c.percent().toPlainString())
                    .append(" |\n");
        }
        md.append("\n");
    }

    private static String fmt(BigDecimal v, boolean money) {
        if (v == null) {
            return "absent";
        }
        return money ? Money.format(v) : Money.plain(v, 1);
    }

    private static List<Change> changes(Map<String, BigDecimal> a, Map<String, BigDecimal> b, String unit) {
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<Change> out = new ArrayList<>();
        for (String k : keys) {
            BigDecimal va = a.get(k);
            BigDecimal vb = b.get(k);
            BigDecimal delta = va != null && vb != null ? vb.subtract(va) : null;
            BigDecimal pct = delta != null && va.signum() != 0
                    ? delta.multiply(BigDecimal.valueOf(100)).divide(va, 1, RoundingMode.HALF_UP)
                    : null;
            out.add(new Change(k, unit, va, vb, delta, pct));
        }
        return out;
    }

    private static Map<String, BigDecimal> durations(List<VariantStats> ms) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (VariantStats v : ms) {
            for (PhaseStats p : v.phases()) {
                if (p.wallMs() != null) {
                    String tag = p.wallMs().provenance() == Provenance.MODELLED ? " (modelled)" : "";
                    out.put(
                            v.variantId() + " " + p.phase() + " wall p50" + tag,
                            p.wallMs().p50());
                    out.put(
                            v.variantId() + " " + p.phase() + " wall p99" + tag,
                            p.wallMs().p99());
                }
            }
        }
        return out;
    }

    private static String winner(ReportSummary s) {
        return s.verdicts().stream()
                .filter(v -> "scenario".equals(v.schedule()))
                .map(Verdict::cheapestVariantId)
                .findFirst()
                .orElseGet(() -> s.costs().stream()
                        .min(Comparator.comparing(PricedVariant::perMonthUsd))
                        .map(PricedVariant::variantId)
                        .orElse("none"));
    }

    private static void compare(List<String> out, String what, String a, String b) {
        if (!Objects.equals(a, b)) {
            out.add(what + ": " + a + " -> " + b);
        }
    }

    private static String plain(BigDecimal v) {
        return v == null ? "730 h" : Money.plain(v, 4);
    }
}
