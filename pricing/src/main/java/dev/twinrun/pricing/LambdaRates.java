package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The book's Lambda billing rules both Lambda variants price with: duration price per arch, requests, the billing
 * granularity, whether INIT is billed, and ephemeral storage above the included size (default 512 MB).
 */
final class LambdaRates {
    static final BigDecimal DEFAULT_INCLUDED_EPHEMERAL_MB = BigDecimal.valueOf(512);

    private final PriceBook book;

    LambdaRates(PriceBook book) {
        this.book = requireNonNull(book, "book");
    }

    /** The duration price (per GB-second) for {@code arch}. */
    PriceLine duration(String arch) {
        return book.line("lambda.duration." + arch);
    }

    /** The request price, if the book has one (the 2017 seed's book prices none). */
    Optional<PriceLine> requests() {
        return book.find("lambda.requests");
    }

    /** The line duration is rounded up to. */
    PriceLine granularity() {
        return book.line("lambda.billing.granularityMs");
    }

    /** Whether the INIT phase is billed: the scenario's switch, else from the book's initBilledFrom date. */
    boolean initBilled(Scenario s) {
        if (s.lambda().initBilled() != null) {
            return s.lambda().initBilled();
        }
        return book.find("lambda.billing.initBilledFrom")
                .map(l -> !book.localDate().isBefore(LocalDate.parse(l.value())))
                .orElse(false);
    }

    /** The INIT time a cold invocation is billed for: the run's, or zero when INIT is not billed. */
    BigDecimal billedInitMs(Scenario s) {
        return initBilled(s) ? s.run().initMs() : BigDecimal.ZERO;
    }

    /** Ephemeral storage included at no cost. */
    BigDecimal includedEphemeralMb() {
        return book.decimalOr("lambda.ephemeralStorage.includedMb", DEFAULT_INCLUDED_EPHEMERAL_MB);
    }

    /** The ephemeral storage price (per GB-second above the included size). */
    PriceLine ephemeralStorage() {
        return book.line("lambda.ephemeralStorage");
    }

    /**
     * Billed ms of an invocation averaged over cold and warm ones: {@code ms + initMs} on a cold share, {@code ms} on
     * the rest, each rounded up to the granularity.
     */
    static BigDecimal averageBilledMs(
            BigDecimal ms, BigDecimal initMs, BigDecimal coldShare, BigDecimal granularityMs) {
        return average(coldShare, Billing.ceilTo(ms.add(initMs), granularityMs), Billing.ceilTo(ms, granularityMs));
    }

    /** {@code coldShare x coldMs + (1 - coldShare) x warmMs}. */
    static BigDecimal average(BigDecimal coldShare, BigDecimal coldMs, BigDecimal warmMs) {
        return coldShare.multiply(coldMs).add(BigDecimal.ONE.subtract(coldShare).multiply(warmMs));
    }
}
