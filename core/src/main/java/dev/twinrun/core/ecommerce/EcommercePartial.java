package dev.twinrun.core.ecommerce;

import dev.twinrun.core.agg.ByteDict;
import dev.twinrun.core.agg.DistinctCounter;
import dev.twinrun.core.agg.DuplicateEstimator;
import dev.twinrun.core.agg.LongTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The mergeable aggregate of some rows of one hour: dictionaries of the text values, counter tables
 * keyed by packed dictionary ids, distinct-count sets and the duplicate-{@code event_id} sample.
 */
public final class EcommercePartial {
    static final int ID_BITS = 21;
    static final long ID_MASK = (1L << ID_BITS) - 1;
    static final int MAX_VALUES = (1 << ID_BITS) - 1;

    // Counter columns of every table: one count per event type, then the sums. A row's event count is the sum of its
    // type counts (every aggregated row has exactly one type), so it is not kept: one add a row and table fewer.
    static final int BY_TYPE = 0; // 0..4 = page_view .. refund
    static final int UNITS = 5;
    static final int GROSS = 6;
    static final int REFUNDED = 7;
    static final int COLUMNS = 8;

    private static final int MAGIC = 0x54575250; // "TWRP"
    /** Version of {@link #encode()}'s format; bump on any change. */
    static final int FORMAT_VERSION = 4;

    final ByteDict channel = new ByteDict("channel", MAX_VALUES);
    final ByteDict campaign = new ByteDict("campaign", MAX_VALUES);
    final ByteDict category = new ByteDict("category", MAX_VALUES);
    final ByteDict country = new ByteDict("country", MAX_VALUES);
    final ByteDict device = new ByteDict("device", MAX_VALUES);
    final ByteDict product = new ByteDict("product_id", MAX_VALUES);
    final ByteDict currency = new ByteDict("currency", MAX_VALUES);

    /** key: currency */
    final LongTable byCurrency = new LongTable(COLUMNS);
    /** key: channel, campaign, currency */
    final LongTable byChannelCampaign = new LongTable(COLUMNS);
    /** key: category, currency */
    final LongTable byCategory = new LongTable(COLUMNS);
    /** key: country, currency */
    final LongTable byCountry = new LongTable(COLUMNS);
    /** key: device, currency */
    final LongTable byDevice = new LongTable(COLUMNS);
    /** key: product, currency; purchases and refunds only */
    final LongTable byProduct = new LongTable(COLUMNS);

    final DistinctCounter sessions = new DistinctCounter();
    final DistinctCounter users = new DistinctCounter();
    final DistinctCounter purchasingSessions = new DistinctCounter();
    /** Hashes of the aggregated rows' event ids: how many rows repeat an event id (data quality). */
    final DuplicateEstimator eventIds = new DuplicateEstimator();

    static long key2(int a, int b) {
        return ((long) a << ID_BITS) | b;
    }

    static long key3(int a, int b, int c) {
        return ((long) a << (2 * ID_BITS)) | ((long) b << ID_BITS) | c;
    }

    void mergeFrom(EcommercePartial o) {
        int[] ch = channel.remap(o.channel);
        int[] ca = campaign.remap(o.campaign);
        int[] cat = category.remap(o.category);
        int[] co = country.remap(o.country);
        int[] dev = device.remap(o.device);
        int[] pr = product.remap(o.product);
        int[] cu = currency.remap(o.currency);
        byCurrency.mergeFrom(o.byCurrency, k -> cu[(int) k]);
        byChannelCampaign.mergeFrom(
                o.byChannelCampaign,
                k -> key3(
                        ch[(int) (k >>> (2 * ID_BITS))],
                        ca[(int) ((k >>> ID_BITS) & ID_MASK)],
                        cu[(int) (k & ID_MASK)]));
        byCategory.mergeFrom(o.byCategory, k -> key2(cat[(int) (k >>> ID_BITS)], cu[(int) (k & ID_MASK)]));
        byCountry.mergeFrom(o.byCountry, k -> key2(co[(int) (k >>> ID_BITS)], cu[(int) (k & ID_MASK)]));
        byDevice.mergeFrom(o.byDevice, k -> key2(dev[(int) (k >>> ID_BITS)], cu[(int) (k & ID_MASK)]));
        byProduct.mergeFrom(o.byProduct, k -> key2(pr[(int) (k >>> ID_BITS)], cu[(int) (k & ID_MASK)]));
        sessions.mergeFrom(o.sessions);
        users.mergeFrom(o.users);
        purchasingSessions.mergeFrom(o.purchasingSessions);
        eventIds.mergeFrom(o.eventIds);
    }

    private ByteDict[] dicts() {
        return new ByteDict[] {channel, campaign, category, country, device, product, currency};
    }

    private LongTable[] tables() {
        return new LongTable[] {byCurrency, byChannelCampaign, byCategory, byCountry, byDevice, byProduct};
    }

    /** The partial as bytes: magic, format version, dictionaries, tables, distinct sets, event-id sample (sorted: deterministic). */
    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            for (ByteDict d : dicts()) {
                out.writeInt(d.size());
                for (int id = 0; id < d.size(); id++) {
                    byte[] v = d.bytes(id);
                    out.writeInt(v.length);
                    out.write(v);
                }
            }
            for (LongTable t : tables()) {
                out.writeInt(t.rows());
                List<int[]> carries = new ArrayList<>();
                for (int r = 0; r < t.rows(); r++) {
                    out.writeLong(t.key(r));
                    for (int c = 0; c < COLUMNS; c++) {
                        out.writeLong(t.low(r, c));
                        if (t.carry(r, c) != null) {
                            carries.add(new int[] {r, c});
                        }
                    }
                }
                out.writeInt(carries.size()); // sums past the 64-bit range, exact
                for (int[] rc : carries) {
                    byte[] v = t.carry(rc[0], rc[1]).toByteArray();
                    out.writeInt(rc[0]);
                    out.writeInt(rc[1]);
                    out.writeInt(v.length);
                    out.write(v);
                }
            }
            sessions.write(out);
            users.write(out);
            purchasingSessions.write(out);
            eventIds.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EcommercePartial decode(byte[] data) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a twinrun ecommerce partial (bad magic number)");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("ecommerce partial format version " + version
                        + " is not supported; this build reads version " + FORMAT_VERSION);
            }
            EcommercePartial p = new EcommercePartial();
            for (ByteDict d : p.dicts()) {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    byte[] v = new byte[in.readInt()];
                    in.readFully(v);
                    if (d.id(v, 0, v.length) != i) {
                        throw new IllegalArgumentException("corrupt partial: duplicate dictionary value");
                    }
                }
            }
            for (LongTable t : p.tables()) {
                int rows = in.readInt();
                for (int r = 0; r < rows; r++) {
                    int row = t.row(in.readLong());
                    for (int c = 0; c < COLUMNS; c++) {
                        t.add(row, c, in.readLong());
                    }
                }
                int carries = in.readInt();
                for (int k = 0; k < carries; k++) {
                    int row = in.readInt();
                    int c = in.readInt();
                    if (row < 0 || row >= t.rows() || c < 0 || c >= COLUMNS) {
                        throw new IllegalArgumentException("corrupt partial: carry outside the table");
                    }
                    byte[] v = new byte[in.readInt()];
                    in.readFully(v);
                    t.add(row, c, new BigInteger(v));
                }
            }
            DistinctCounter s = DistinctCounter.read(in);
            DistinctCounter u = DistinctCounter.read(in);
            DistinctCounter ps = DistinctCounter.read(in);
            DuplicateEstimator ids = DuplicateEstimator.read(in, DuplicateEstimator.DEFAULT_CAPACITY);
            p.sessions.mergeFrom(s);
            p.users.mergeFrom(u);
            p.purchasingSessions.mergeFrom(ps);
            p.eventIds.mergeFrom(ids);
            if (in.read() != -1) {
                throw new IllegalArgumentException("corrupt partial: trailing bytes");
            }
            return p;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt partial: " + e.getMessage(), e);
        }
    }
}
