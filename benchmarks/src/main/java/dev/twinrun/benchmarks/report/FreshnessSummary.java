package dev.twinrun.benchmarks.report;

import java.math.BigDecimal;
import java.util.List;

/**
 * Cost vs time to insight per trigger (twinrun compare --arrival): the rows, and the verdict.
 *
 * @param arrival          the arrival pattern as the option spells it ({@code spread}, {@code end}, {@code late:10m})
 * @param arrivalText      the pattern in words
 * @param filesPerHour     files per hour
 * @param timescale        simulated seconds per real second the arrivals ran at
 * @param hours            hours run per trigger
 * @param freshWithinMs    the user's freshness target ({@code --fresh-within}); null when none was given
 * @param rows             one per trigger, measured ones first
 * @param cheapest         the row id with the lowest monthly cost
 * @param freshest         the row id with the lowest p50 time to insight
 * @param cheapestWithin   the cheapest row id whose p90 time to insight is within the target; null when none is, or no
 *                         target was given
 * @param notes            how it was measured and what is modelled
 */
public record FreshnessSummary(
        String arrival,
        String arrivalText,
        int filesPerHour,
        double timescale,
        int hours,
        Long freshWithinMs,
        List<Row> rows,
        String cheapest,
        String freshest,
        String cheapestWithin,
        List<String> notes) {
    public FreshnessSummary {
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    /**
     * One trigger.
     *
     * @param id                 the trigger's id ({@code lambda-s3-event}, ...)
     * @param label              its name
     * @param variant            what runs it: {@code Lambda 1769 MB}, {@code EC2 t3.micro}
     * @param invocationsPerHour invocations (or processes) per hour, measured
     * @param bytesReadPerHour   input bytes read per hour, as the runs logged them
     * @param p50Ms              time to insight, p50 over the hours that got one; null when none did
     * @param p90Ms              the same, p90
     * @param modelledMs         start-up added to the measured time (boot, image pull); 0 when all is measured
     * @param perMonthUsd        monthly cost at the scenario's schedule with this trigger's invocations per hour
     * @param unpublishedHours   hours whose last file no publication included by the end of the run
     * @param s3RequestsPerHour  S3 requests per hour of data by kind ({@code GET}, {@code PUT}, {@code LIST},
     *                           {@code HEAD}, {@code DELETE}; {@code partials.*} under {@code _partials/}), as the
     *                           trigger's processes made them; empty when not counted
     * @param s3RequestsUsd      their monthly cost, part of {@code perMonthUsd}; 0 when not counted (the scenario's
     *                           per-run assumption is then in {@code perMonthUsd}, modelled)
     * @param note               what the figures rest on
     */
    public record Row(
            String id,
            String label,
            String variant,
            BigDecimal invocationsPerHour,
            long bytesReadPerHour,
            BigDecimal p50Ms,
            BigDecimal p90Ms,
            BigDecimal modelledMs,
            BigDecimal perMonthUsd,
            int unpublishedHours,
            java.util.Map<String, BigDecimal> s3RequestsPerHour,
            BigDecimal s3RequestsUsd,
            String note) {
        public Row {
            s3RequestsPerHour = s3RequestsPerHour == null
                    ? java.util.Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(s3RequestsPerHour));
            s3RequestsUsd = s3RequestsUsd == null ? BigDecimal.ZERO : s3RequestsUsd;
        }

        /** All S3 requests per hour, and those under {@code _partials/}. */
        public BigDecimal s3RequestsTotalPerHour() {
            return s3RequestsPerHour.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /** The row with this id, or null. */
    public Row row(String id) {
        return rows.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }
}
