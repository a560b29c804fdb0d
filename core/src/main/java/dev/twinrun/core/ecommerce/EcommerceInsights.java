package dev.twinrun.core.ecommerce;

import dev.twinrun.core.HourId;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.agg.Hashing;
import dev.twinrun.core.agg.LongTable;
import dev.twinrun.core.csv.Timestamps;
import dev.twinrun.core.transform.Header;
import dev.twinrun.core.transform.OutputFile;
import dev.twinrun.core.transform.Rejection;
import dev.twinrun.core.transform.RenderContext;
import dev.twinrun.core.transform.Row;
import dev.twinrun.core.transform.RowConsumer;
import dev.twinrun.core.transform.Transformation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in transformation: e-commerce event exports to hourly insights (totals, breakdowns, top
 * products, hour-over-hour change, data quality). See {@code docs/OUTPUTS.md} for every output field.
 */
public final class EcommerceInsights implements Transformation<EcommercePartial> {
    public static final String NAME = "ecommerce";

    /** The columns every input file must have (any order; extra columns are ignored). */
    public static final List<String> COLUMNS = List.of(
            "event_id",
            "event_time",
            "event_type",
            "user_id",
            "session_id",
            "product_id",
            "category",
            "price",
            "quantity",
            "currency",
            "channel",
            "campaign",
            "country",
            "device");

    /** Event types in column order of the counter tables. */
    public static final List<String> EVENT_TYPES =
            List.of("page_view", "add_to_cart", "checkout", "purchase", "refund");

    static final int PAGE_VIEW = 0;
    static final int PURCHASE = 3;
    static final int REFUND = 4;
    // Each event type's length and its bytes as two zero-padded words (all are at most 16 bytes). A row's type is the
    // one its first word picks (TYPE_AT, a perfect hash of the types' first words into 8 slots: no loop over the types,
    // whose exit would depend on the row), if its three numbers match; an empty slot holds 0, whose compare fails.
    private static final int[] TYPE_LENGTHS = new int[EVENT_TYPES.size()];
    private static final long[] TYPE_WORDS0 = new long[EVENT_TYPES.size()];
    private static final long[] TYPE_WORDS1 = new long[EVENT_TYPES.size()];
    private static final int TYPE_SLOT_BITS = 3;
    private static final int[] TYPE_AT = new int[1 << TYPE_SLOT_BITS];
    private static final long TYPE_MULTIPLIER;

    static {
        for (int t = 0; t < EVENT_TYPES.size(); t++) {
            byte[] name = EVENT_TYPES.get(t).getBytes(StandardCharsets.US_ASCII);
            TYPE_LENGTHS[t] = name.length;
            TYPE_WORDS0[t] = Hashing.word(name, 0, Math.min(8, name.length));
            TYPE_WORDS1[t] = name.length > 8 ? Hashing.word(name, 8, name.length - 8) : 0;
        }
        TYPE_MULTIPLIER = typeMultiplier();
        for (int t = 0; t < EVENT_TYPES.size(); t++) {
            TYPE_AT[typeSlot(TYPE_WORDS0[t], TYPE_MULTIPLIER)] = t;
        }
    }

    /** The first odd multiplier (of a fixed sequence) that sends the types' first words to distinct slots. */
    private static long typeMultiplier() {
        long m = 0x9e3779b97f4a7c15L;
        for (int attempt = 0; attempt < 100_000; attempt++, m = Hashing.mix(m) | 1) {
            boolean[] used = new boolean[1 << TYPE_SLOT_BITS];
            boolean distinct = true;
            for (long w : TYPE_WORDS0) {
                int slot = typeSlot(w, m);
                distinct &= !used[slot];
                used[slot] = true;
            }
            if (distinct) {
                return m;
            }
        }
        throw new IllegalStateException("no perfect hash for the event types' first words");
    }

    private static int typeSlot(long word0, long multiplier) {
        return (int) ((word0 * multiplier) >>> (64 - TYPE_SLOT_BITS));
    }

    /** Rows in {@code top_products.csv} per currency. */
    public static final int TOP_PRODUCTS = 20;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EcommercePartial newPartial() {
        return new EcommercePartial();
    }

    @Override
    public void merge(EcommercePartial into, EcommercePartial other) {
        into.mergeFrom(other);
    }

    @Override
    public byte[] encode(EcommercePartial partial) {
        return partial.encode();
    }

    @Override
    public EcommercePartial decode(byte[] bytes) {
        return EcommercePartial.decode(bytes);
    }

    @Override
    public List<OutputFile> render(EcommercePartial merged, RenderContext context) {
        return new EcommerceRenderer(merged, context).render();
    }

    @Override
    public RowConsumer bind(Header header, HourId hour, EcommercePartial partial) throws UnusableInputException {
        int[] idx = new int[COLUMNS.size()];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < idx.length; i++) {
            idx[i] = header.indexOf(COLUMNS.get(i));
            if (idx[i] < 0) {
                missing.add(COLUMNS.get(i));
            }
        }
        if (!missing.isEmpty()) {
            throw new UnusableInputException(
                    header.file(), "missing required column(s) " + missing + "; the header has " + header.columns());
        }
        return new Consumer(idx, hour.startEpochSecond(), partial);
    }

    /** Validates a row completely before it touches the aggregate, so a rejected row contributes nothing. */
    private static final class Consumer implements RowConsumer {
        private final int cEventId;
        private final int cTime;
        private final int cType;
        private final int cUser;
        private final int cSession;
        private final int cProduct;
        private final int cCategory;
        private final int cPrice;
        private final int cQuantity;
        private final int cCurrency;
        private final int cChannel;
        private final int cCampaign;
        private final int cCountry;
        private final int cDevice;
        private final EcommercePartial p;
        private final long hourStart;
        private final Timestamps.HourCache times = new Timestamps.HourCache();

        Consumer(int[] idx, long hourStart, EcommercePartial p) {
            this.hourStart = hourStart;
            cEventId = idx[0];
            cTime = idx[1];
            cType = idx[2];
            cUser = idx[3];
            cSession = idx[4];
            cProduct = idx[5];
            cCategory = idx[6];
            cPrice = idx[7];
            cQuantity = idx[8];
            cCurrency = idx[9];
            cChannel = idx[10];
            cCampaign = idx[11];
            cCountry = idx[12];
            cDevice = idx[13];
            this.p = p;
        }

        @Override
        public Rejection accept(Row r) {
            if (r.isEmpty(cEventId)) {
                return missing("event_id");
            }
            int type = eventType(r);
            if (type < 0) {
                return new Rejection(
                        "unknown_event_type", "event_type " + quote(r, cType) + " is not one of " + EVENT_TYPES);
            }
            long t = times.parseEpochSecond(r.array(cTime), r.start(cTime), r.end(cTime), null);
            if (t == Timestamps.INVALID) {
                return new Rejection(
                        r.isEmpty(cTime) ? "missing_value" : "unparseable_timestamp",
                        "event_time " + quote(r, cTime) + " is not an ISO-8601 instant like 2026-11-26T13:45:00Z");
            }
            if (t < hourStart || t >= hourStart + 3600) {
                return new Rejection(
                        "event_time_outside_hour",
                        "event_time " + quote(r, cTime) + " is outside the hour being processed");
            }
            if (r.isEmpty(cUser)) {
                return missing("user_id");
            }
            if (r.isEmpty(cSession)) {
                return missing("session_id");
            }
            boolean hasCurrency = !r.isEmpty(cCurrency);
            if (hasCurrency && !isCurrency(r)) {
                return new Rejection(
                        "invalid_currency", "currency " + quote(r, cCurrency) + " is not a three-letter ISO 4217 code");
            }
            boolean money = type == PURCHASE || type == REFUND;
            if (type != PAGE_VIEW && r.isEmpty(cProduct)) {
                return missing("product_id");
            }
            long price = 0;
            if (!r.isEmpty(cPrice)) {
                price = Decimals.parseUnits(r.array(cPrice), r.start(cPrice), r.end(cPrice));
                if (price == Decimals.INVALID) {
                    return new Rejection(
                            "unparseable_number",
                            "price " + quote(r, cPrice)
                                    + " is not a non-negative decimal with at most 14 integer and 4 fraction digits");
                }
            } else if (money) {
                return missing("price");
            }
            int qty = 0;
            if (!r.isEmpty(cQuantity)) {
                qty = Decimals.parsePositiveInt(r.array(cQuantity), r.start(cQuantity), r.end(cQuantity));
                if (qty <= 0) {
                    return new Rejection(
                            "unparseable_number",
                            "quantity " + quote(r, cQuantity) + " is not a whole number from 1 to 999999999");
                }
            } else if (money) {
                return missing("quantity");
            }
            if (money && !hasCurrency) {
                return missing("currency");
            }
            long amount = 0;
            if (money) {
                try {
                    amount = Math.multiplyExact(price, qty);
                } catch (ArithmeticException e) {
                    return new Rejection("amount_out_of_range", "price x quantity overflows");
                }
            }
            aggregate(r, type, qty, amount);
            return null;
        }

        private void aggregate(Row r, int type, int qty, long amount) {
            EcommercePartial p = this.p;
            int cu = p.currency.id(r.array(cCurrency), r.start(cCurrency), r.end(cCurrency));
            int ch = p.channel.id(r.array(cChannel), r.start(cChannel), r.end(cChannel));
            int ca = p.campaign.id(r.array(cCampaign), r.start(cCampaign), r.end(cCampaign));
            int cat = p.category.id(r.array(cCategory), r.start(cCategory), r.end(cCategory));
            int co = p.country.id(r.array(cCountry), r.start(cCountry), r.end(cCountry));
            int dev = p.device.id(r.array(cDevice), r.start(cDevice), r.end(cDevice));
            long session = Hashing.hash(r.array(cSession), r.start(cSession), r.end(cSession));
            p.sessions.add(session);
            p.users.add(Hashing.hash(r.array(cUser), r.start(cUser), r.end(cUser)));
            p.eventIds.add(Hashing.hash(r.array(cEventId), r.start(cEventId), r.end(cEventId)));
            long units = type == PURCHASE ? qty : 0;
            // A purchase's amount is gross revenue, a refund's is refunded; other rows have none (amount is 0).
            int money = type == REFUND ? EcommercePartial.REFUNDED : EcommercePartial.GROSS;
            count(p.byCurrency, cu, type, units, money, amount);
            count(p.byChannelCampaign, EcommercePartial.key3(ch, ca, cu), type, units, money, amount);
            count(p.byCategory, EcommercePartial.key2(cat, cu), type, units, money, amount);
            count(p.byCountry, EcommercePartial.key2(co, cu), type, units, money, amount);
            count(p.byDevice, EcommercePartial.key2(dev, cu), type, units, money, amount);
            if (type == PURCHASE || type == REFUND) {
                int pr = p.product.id(r.array(cProduct), r.start(cProduct), r.end(cProduct));
                count(p.byProduct, EcommercePartial.key2(pr, cu), type, units, money, amount);
            }
            if (type == PURCHASE) {
                p.purchasingSessions.add(session);
            }
        }

        /**
         * Adds the row to a table's row: its type's count, its units, and its amount to the column {@code money}
         * (gross or refunded). The sums are added even when zero, so there is no branch on the row's type.
         */
        private static void count(LongTable t, long key, int type, long units, int money, long amount) {
            int row = t.row(key);
            t.increment(row, EcommercePartial.BY_TYPE + type);
            t.add(row, EcommercePartial.UNITS, units);
            t.add(row, money, amount);
        }

        private int eventType(Row r) {
            int len = r.length(cType);
            if (len > 16) {
                return -1;
            }
            byte[] b = r.array(cType);
            int s = r.start(cType);
            long w0 = Hashing.word(b, s, Math.min(8, len));
            long w1 = len > 8 ? Hashing.word(b, s + 8, len - 8) : 0;
            int t = TYPE_AT[typeSlot(w0, TYPE_MULTIPLIER)]; // the only type this row can be
            return TYPE_LENGTHS[t] == len & TYPE_WORDS0[t] == w0 & TYPE_WORDS1[t] == w1 ? t : -1;
        }

        /** Three bytes from 'A' to 'Z'. */
        private boolean isCurrency(Row r) {
            int s = r.start(cCurrency);
            if (r.end(cCurrency) - s != 3) {
                return false;
            }
            // The three bytes at once: each is below 0x80, at least 'A' (adding 0x80 - 'A' sets its high bit) and at
            // most 'Z' (adding 0x7F - 'Z' leaves it clear); no byte carries into the next, all stay below 0x100.
            long w = Hashing.word(r.array(cCurrency), s, 3);
            return (w & HIGH3) == 0
                    && ((w + (0x80 - 'A') * ONES3) & HIGH3) == HIGH3
                    && ((w + (0x7F - 'Z') * ONES3) & HIGH3) == 0;
        }

        private static final long ONES3 = 0x010101L;
        private static final long HIGH3 = 0x808080L;

        private static Rejection missing(String column) {
            return new Rejection("missing_value", column + " is empty");
        }

        private static String quote(Row r, int i) {
            String v = r.text(i);
            if (v.length() > 60) {
                v = v.substring(0, 60) + "...";
            }
            return "'" + v + "'";
        }
    }
}
