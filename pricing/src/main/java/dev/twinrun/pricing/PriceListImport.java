package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a price book from an AWS Price List bulk offer file (the JSON {@code index.json} of one service and region,
 * as published under {@code https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/}; format described at
 * https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/bulk-api-reading-price-list-files.html).
 *
 * <p>Only on-demand terms are read. EC2 Linux, shared-tenancy, no-pre-installed-software instances in use become the
 * book's {@code ec2.TYPE.hour} lines and instance specs; every other price dimension becomes
 * {@code SERVICE.USAGETYPE} (with {@code .fromN} for a tier starting at N units). Each line's source is the offer
 * file's address with the SKU and rate code, and {@code read} is the date given.
 */
public final class PriceListImport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Where public offer files live. */
    public static final String OFFERS = "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/";

    private PriceListImport() {}

    /**
     * Reads an offer file.
     *
     * @param read the date the file was downloaded (the lines' {@code read})
     * @param sourceUrl the address the file was downloaded from, or null to derive it from the offer code, version and
     *     region
     */
    public static PriceBook fromOffer(InputStream in, LocalDate read, String sourceUrl) throws IOException {
        requireNonNull(read, "read");
        JsonNode offer = JSON.readTree(in);
        if (offer == null || !offer.has("products") || !offer.path("terms").has("OnDemand")) {
            throw new IllegalArgumentException(
                    "not an AWS Price List offer file: it needs \"products\" and \"terms\".\"OnDemand\"");
        }
        String offerCode = required(offer, "offerCode");
        String version = offer.path("version").asText("current");
        String publication = offer.path("publicationDate").asText("");
        String region = regionOf(offer.path("products"));
        String url = sourceUrl != null
                ? sourceUrl
                : OFFERS + offerCode + "/" + version + "/" + (region.isEmpty() ? "" : region + "/") + "index.json";
        String service = serviceId(offerCode);

        Map<String, PriceLine> lines = new LinkedHashMap<>();
        List<PriceBook.InstanceSpec> instances = new ArrayList<>();
        JsonNode onDemand = offer.path("terms").path("OnDemand");
        for (Iterator<Map.Entry<String, JsonNode>> it = offer.path("products").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String sku = entry.getKey();
            JsonNode product = entry.getValue();
            JsonNode attrs = product.path("attributes");
            boolean instance = isLinuxOnDemandInstance(product);
            if (!instance && isOtherInstance(product)) {
                continue;
            }
            for (JsonNode term : onDemand.path(sku)) {
                String effective = dateOf(term.path("effectiveDate").asText(publication), publication);
                for (JsonNode dim : term.path("priceDimensions")) {
                    String usd = dim.path("pricePerUnit").path("USD").asText("");
                    if (usd.isEmpty()) {
                        continue;
                    }
                    String value = new BigDecimal(usd).stripTrailingZeros().toPlainString();
                    String begin = dim.path("beginRange").asText("0");
                    String id;
                    String unit;
                    String description;
                    if (instance) {
                        String type = attrs.path("instanceType").asText();
                        id = "ec2." + type + ".hour";
                        unit = "instance-hour";
                        description = "EC2 " + type + " (" + attrs.path("vcpu").asText("?") + " vCPU, "
                                + attrs.path("memory").asText("?") + "), Linux on demand";
                    } else {
                        String usage = attrs.path("usagetype").asText(sku);
                        id = service + "." + usage.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-");
                        unit = dim.path("unit").asText("unit");
                        description = dim.path("description").asText("");
                    }
                    if (!begin.equals("0")) {
                        id = id + ".from"
                                + new BigDecimal(begin).stripTrailingZeros().toPlainString();
                    }
                    if (lines.containsKey(id)) {
                        id = id + "." + sku.toLowerCase(Locale.ROOT);
                    }
                    lines.put(
                            id,
                            new PriceLine(
                                    id,
                                    "price",
                                    value,
                                    "1",
                                    unit,
                                    description,
                                    effective,
                                    region.isEmpty() ? "global" : region,
                                    url + " (SKU " + sku + ", rate code "
                                            + dim.path("rateCode").asText("?") + ")",
                                    read.toString()));
                }
            }
            if (instance) {
                instanceSpec(attrs, url, sku).ifPresent(instances::add);
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("offer file " + offerCode + " has no on-demand USD prices");
        }
        return new PriceBook(
                service + "-" + (region.isEmpty() ? "global" : region) + "-" + dateOf(publication, read.toString()),
                "AWS Price List " + offerCode + " " + version + (region.isEmpty() ? "" : ", " + region),
                dateOf(publication, read.toString()),
                region.isEmpty() ? "global" : region,
                "USD",
                List.of("Imported from the AWS Price List offer file " + url + " (published " + publication + ", read "
                        + read + "); on-demand terms only."),
                new ArrayList<>(lines.values()),
                instances);
    }

    /** A book as JSON, in the form {@link PriceBook#read} reads. */
    public static String toJson(PriceBook book) {
        try {
            return JSON.writeValueAsString(book);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write price book " + book.id(), e);
        }
    }

    private static boolean isLinuxOnDemandInstance(JsonNode product) {
        JsonNode a = product.path("attributes");
        return "Compute Instance".equals(product.path("productFamily").asText())
                && "Linux".equals(a.path("operatingSystem").asText())
                && "Shared".equals(a.path("tenancy").asText())
                && "NA".equals(a.path("preInstalledSw").asText("NA"))
                && "Used".equals(a.path("capacitystatus").asText("Used"))
                && "No License required".equals(a.path("licenseModel").asText("No License required"));
    }

    /** Instances that are not the plain Linux on-demand kind (Windows, dedicated, reservations): skipped. */
    private static boolean isOtherInstance(JsonNode product) {
        return "Compute Instance".equals(product.path("productFamily").asText());
    }

    private static Optional<PriceBook.InstanceSpec> instanceSpec(JsonNode attrs, String url, String sku) {
        int vcpus = attrs.path("vcpu").asInt(0);
        String memory = attrs.path("memory").asText("");
        int memoryMib = 0;
        if (memory.endsWith(" GiB")) {
            memoryMib = new BigDecimal(memory.substring(0, memory.length() - 4).replace(",", ""))
                    .multiply(BigDecimal.valueOf(1024))
                    .intValue();
        }
        if (vcpus <= 0 || memoryMib <= 0) {
            return Optional.empty();
        }
        String processor = attrs.path("physicalProcessor").asText("");
        String arch = processor.contains("Graviton") ? "arm64" : "x86_64";
        return Optional.of(new PriceBook.InstanceSpec(
                attrs.path("instanceType").asText(), vcpus, memoryMib, arch, null, url + " (SKU " + sku + ")"));
    }

    private static String regionOf(JsonNode products) {
        for (JsonNode product : products) {
            String region = product.path("attributes").path("regionCode").asText("");
            if (!region.isEmpty()) {
                return region;
            }
        }
        return "";
    }

    private static String serviceId(String offerCode) {
        return switch (offerCode) {
            case "AmazonEC2" -> "ec2";
            case "AWSLambda" -> "lambda";
            case "AmazonS3" -> "s3";
            case "AmazonCloudWatch" -> "cloudwatch";
            case "AWSQueueService" -> "sqs";
            case "AmazonVPC" -> "vpc";
            case "AWSStepFunctions" -> "stepfunctions";
            default -> offerCode.toLowerCase(Locale.ROOT);
        };
    }

    private static String dateOf(String timestamp, String fallback) {
        return timestamp.length() >= 10 && timestamp.charAt(4) == '-' ? timestamp.substring(0, 10) : fallback;
    }

    private static String required(JsonNode node, String field) {
        String value = node.path(field).asText("");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("not an AWS Price List offer file: no \"" + field + "\"");
        }
        return value;
    }
}
