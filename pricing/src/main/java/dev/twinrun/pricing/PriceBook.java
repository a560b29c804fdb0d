package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A dated, sourced set of prices for one region; load one with {@link #load(String)}. */
public record PriceBook(
        String id,
        String title,
        String date,
        String region,
        String currency,
        List<String> notes,
        List<PriceLine> lines,
        List<InstanceSpec> instances) {

    /** The books shipped in the jar under {@code pricebooks/}. */
    public static final List<String> BUILT_IN = List.of("seed-2017", "aws-us-east-1-2026");

    public PriceBook {
        requireNonNull(id, "id");
        requireNonNull(date, "date");
        requireNonNull(region, "region");
        currency = currency == null ? "USD" : currency;
        title = title == null ? id : title;
        notes = notes == null ? List.of() : List.copyOf(notes);
        lines = List.copyOf(requireNonNull(lines, "lines"));
        instances = instances == null ? List.of() : List.copyOf(instances);
        Map<String, PriceLine> seen = new LinkedHashMap<>();
        for (PriceLine line : lines) {
            if (seen.put(line.id(), line) != null) {
                throw new IllegalArgumentException("price book " + id + " has line " + line.id() + " twice");
            }
        }
    }

    /**
     * The shape of an EC2 instance type the book prices: vCPUs, memory, and for burstable types the baseline CPU share
     * per vCPU (above it, unlimited mode bills surplus credits), with its source; and its limits, with theirs
     * ({@code limitsSource}): the network bandwidth it sustains ({@code networkBaselineGbps}) and reaches for a few
     * minutes ({@code networkBurstGbps}), and its EBS baseline bandwidth ({@code ebsBaselineMbps}, megabits per
     * second). A limit the book does not give is null: the size model says it did not check it. {@code unverified}
     * names the figures that could not be checked against the cited source when the book was written, and why
     * (null when all were checked); the size model repeats it next to a type it picks.
     */
    public record InstanceSpec(
            String type,
            int vcpus,
            int memoryMib,
            String arch,
            BigDecimal baselinePercentPerVcpu,
            String source,
            BigDecimal networkBaselineGbps,
            BigDecimal networkBurstGbps,
            Integer ebsBaselineMbps,
            String limitsSource,
            String unverified) {
        public InstanceSpec {
            requireNonNull(type, "type");
            requireNonNull(source, "source");
            if (vcpus <= 0 || memoryMib <= 0) {
                throw new IllegalArgumentException("instance " + type + ": vcpus and memoryMib must be positive");
            }
            if ((networkBaselineGbps != null && networkBaselineGbps.signum() <= 0)
                    || (ebsBaselineMbps != null && ebsBaselineMbps <= 0)) {
                throw new IllegalArgumentException(
                        "instance " + type + ": networkBaselineGbps and ebsBaselineMbps must be positive");
            }
            if ((networkBaselineGbps != null || ebsBaselineMbps != null) && limitsSource == null) {
                throw new IllegalArgumentException("instance " + type + ": limits need a limitsSource");
            }
        }

        /** The shape without limits (a Price List offer file gives none). */
        public InstanceSpec(
                String type, int vcpus, int memoryMib, String arch, BigDecimal baselinePercentPerVcpu, String source) {
            this(type, vcpus, memoryMib, arch, baselinePercentPerVcpu, source, null, null, null, null, null);
        }

        /** The same shape and limits, with none of its figures marked unverified. */
        public InstanceSpec(
                String type,
                int vcpus,
                int memoryMib,
                String arch,
                BigDecimal baselinePercentPerVcpu,
                String source,
                BigDecimal networkBaselineGbps,
                BigDecimal networkBurstGbps,
                Integer ebsBaselineMbps,
                String limitsSource) {
            this(
                    type,
                    vcpus,
                    memoryMib,
                    arch,
                    baselinePercentPerVcpu,
                    source,
                    networkBaselineGbps,
                    networkBurstGbps,
                    ebsBaselineMbps,
                    limitsSource,
                    null);
        }

        /** Whether the type earns CPU credits (T family) and bills surplus credits in unlimited mode. */
        public boolean burstable() {
            return baselinePercentPerVcpu != null;
        }

        /** The family, e.g. {@code t4g} for {@code t4g.micro}. */
        public String family() {
            int dot = type.indexOf('.');
            return dot < 0 ? type : type.substring(0, dot);
        }
    }

    /** The instance spec of a type, if the book has one. */
    public Optional<InstanceSpec> instance(String type) {
        return instances.stream().filter(i -> i.type().equals(type)).findFirst();
    }

    /** The line with this id, or an error naming the book. */
    public PriceLine line(String lineId) {
        return find(lineId)
                .orElseThrow(() -> new IllegalArgumentException("price book " + id + " has no line " + lineId));
    }

    /** The line with this id, if the book has it. */
    public Optional<PriceLine> find(String lineId) {
        return lines.stream().filter(l -> l.id().equals(lineId)).findFirst();
    }

    /** The book's date as a date. */
    public LocalDate localDate() {
        return LocalDate.parse(date);
    }

    /** The decimal value of a line, or {@code fallback} when the book lacks it. */
    public BigDecimal decimalOr(String lineId, BigDecimal fallback) {
        return find(lineId).map(PriceLine::decimal).orElse(fallback);
    }

    /** Loads a built-in book by name (e.g. {@code seed-2017}) or a JSON file by path. */
    public static PriceBook load(String nameOrPath) {
        return DataFiles.load(nameOrPath, "pricebooks", "price book", BUILT_IN, PriceBook::read);
    }

    /** Reads a book from JSON. */
    public static PriceBook read(InputStream in) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return mapper.readValue(in, PriceBook.class);
    }
}
