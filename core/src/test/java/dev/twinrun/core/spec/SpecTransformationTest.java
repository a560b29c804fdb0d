package dev.twinrun.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.core.HourId;
import dev.twinrun.core.Json;
import dev.twinrun.core.TestData;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.store.LocalObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small spec on hand-written rows: every column type, quarantine reasons, filters, top-N ties, CSV safety. */
class SpecTransformationTest {
    static final HourId HOUR = HourId.parse("2026-11-26T13");
    static final String SPEC = """
            {
              "name": "shop-orders",
              "columns": [
                {"name": "order_id", "type": "string", "required": true},
                {"name": "placed", "type": "timestamp", "pattern": "dd.MM.yyyy HH:mm", "zone": "Europe/Berlin",
                 "required": true, "withinHour": true},
                {"name": "shop", "type": "string"},
                {"name": "status", "type": "enum", "values": ["paid", "cancelled"], "required": true},
                {"name": "gift", "type": "boolean", "trueValues": ["y"], "falseValues": ["n"]},
                {"name": "price", "type": "decimal(8,2)", "min": 0, "required": true},
                {"name": "quantity", "type": "integer", "min": 1, "max": 100, "required": true}
              ],
              "filters": [{"column": "status", "in": ["paid"]}],
              "derived": [{"name": "amount", "expr": "price * quantity", "type": "decimal(10,2)"}],
              "measures": [
                {"name": "orders", "fn": "count"},
                {"name": "revenue", "fn": "sum", "of": "amount"},
                {"name": "smallest", "fn": "min", "of": "amount"},
                {"name": "largest", "fn": "max", "of": "amount"},
                {"name": "first", "fn": "min", "of": "placed"},
                {"name": "average", "fn": "average", "of": "amount"},
                {"name": "gifts", "fn": "count", "where": {"column": "gift", "=": 1}},
                {"name": "big_orders", "fn": "count", "where": {"column": "amount", ">=": 20}}
              ],
              "groupings": [
                {"name": "totals", "by": []},
                {"name": "by_shop", "by": ["shop"], "measures": ["orders", "revenue"],
                 "top": {"n": 2, "by": "revenue"}},
                {"name": "by_gift", "by": ["gift"], "measures": ["orders"]}
              ]
            }
            """;
    // 13:00-14:00 UTC is 14:00-15:00 in Berlin in November.
    static final String CSV = """
            order_id,placed,shop,status,gift,price,quantity
            o1,26.11.2026 14:05,north,paid,y,10.00,2
            o2,26.11.2026 14:10,south,paid,n,5.50,2
            o3,26.11.2026 14:15,=cmd(),paid,n,11.00,1
            o4,26.11.2026 14:20,east,paid,n,20.00,1
            o5,26.11.2026 14:25,north,cancelled,n,99.00,1
            o6,26.11.2026 13:59,north,paid,n,1.00,1
            o7,26.11.2026 14:30,north,paid,maybe,1.00,1
            o8,26.11.2026 14:30,north,shipped,n,1.00,1
            o9,26.11.2026 14:30,north,paid,n,1.001,1
            o10,26.11.2026 14:30,north,paid,n,1.00,0
            ,26.11.2026 14:30,north,paid,n,1.00,1
            o12,2026-11-26 14:30,north,paid,n,1.00,1
            """;

    @TempDir
    Path tmp;

    private LocalObjectStore run(String spec, String csv) throws Exception {
        LocalObjectStore in = new LocalObjectStore(tmp.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(tmp.resolve("out"));
        in.put(HOUR.path() + "/orders.csv", csv.getBytes(StandardCharsets.UTF_8));
        SpecTransformation t = new SpecTransformation(JobSpec.parse(spec.getBytes(StandardCharsets.UTF_8), "t.json"));
        RunResult r = new HourJob(in, out, t, JobOptions.defaults().withTempDir(tmp.resolve("t"))).run(HOUR);
        assertThat(r.rowsRead())
                .as("rows read = aggregated + quarantined")
                .isEqualTo(r.rowsAggregated() + r.rowsQuarantined());
        return out;
    }

    private static String text(LocalObjectStore out, String file) throws Exception {
        return new String(TestData.published(out, HOUR, file), StandardCharsets.UTF_8);
    }

    @Test
    void typedColumnsFiltersAndMeasuresGiveTheExpectedFiguresAndReasons() throws Exception {
        LocalObjectStore out = run(SPEC, CSV);
        JsonNode s = Json.parse(TestData.published(out, HOUR, "summary.json"));
        JsonNode a = s.path("accounting");
        assertThat(a.path("rowsRead").asLong()).isEqualTo(12);
        assertThat(a.path("rowsQuarantined").asLong()).isEqualTo(7);
        assertThat(a.path("rowsAggregated").asLong())
                .as("4 paid + 1 filtered out")
                .isEqualTo(5);
        assertThat(a.path("rowsFilteredOut").asLong()).isEqualTo(1);
        assertThat(s.path("dataQuality").path("byReason").toString())
                .isEqualTo("{\"invalid_boolean\":1,\"missing_value\":1,\"out_of_range\":1,\"outside_hour\":1,"
                        + "\"unknown_value\":1,\"unparseable_number\":1,\"unparseable_timestamp\":1}");
        JsonNode t = s.path("groupings").path("totals").get(0);
        assertThat(t.path("orders").asLong()).isEqualTo(4);
        assertThat(t.path("revenue").asText()).isEqualTo("62.00");
        assertThat(t.path("smallest").asText()).isEqualTo("11.00");
        assertThat(t.path("largest").asText()).isEqualTo("20.00");
        assertThat(t.path("first").asText()).as("Berlin 14:05 is 13:05 UTC").isEqualTo("2026-11-26T13:05:00Z");
        assertThat(t.path("average").asText()).isEqualTo("15.50");
        assertThat(t.path("gifts").asLong()).isEqualTo(1);
        assertThat(t.path("big_orders").asLong()).isEqualTo(2);

        assertThat(text(out, "by_shop.csv"))
                .as("top 2 by revenue; north and east tie at 20.00 and rank by key; a formula cell is neutralised")
                .isEqualTo("shop,rank,orders,revenue\neast,1,1,20.00\nnorth,2,1,20.00\n");
        assertThat(text(out, "by_gift.csv")).isEqualTo("gift,orders\nfalse,3\ntrue,1\n");
        String quarantine = new String(TestData.published(out, HOUR, HourJob.QUARANTINE_FILE), StandardCharsets.UTF_8);
        assertThat(quarantine)
                .contains("placed '26.11.2026 13:59' is outside the hour")
                .contains("status 'shipped' is not one of [paid, cancelled]")
                .contains("quantity '0' is less than 1");
    }

    @Test
    void formulaLikeKeysAreNeutralisedInCsv() throws Exception {
        LocalObjectStore out = run(SPEC.replace("\"n\": 2", "\"n\": 10"), CSV);
        assertThat(text(out, "by_shop.csv")).contains("\n'=cmd(),3,1,11.00\n");
    }

    @Test
    void aFileWithoutARequiredColumnIsSkippedWithTheReasonInDataQuality() throws Exception {
        LocalObjectStore out = run(SPEC, "order_id,placed\no1,26.11.2026 14:05\n");
        assertThat(text(out, "data_quality.csv"))
                .as("the skipped file and why")
                .startsWith("reason,rows,file,detail\n")
                .contains("unusable_header,," + HOUR.path() + "/orders.csv,")
                .contains("missing required column(s) [shop, status, gift, price, quantity]")
                .contains("job spec 'shop-orders'");
        assertThat(Json.parse(TestData.published(out, HOUR, "summary.json"))
                        .path("dataQuality")
                        .path("skippedInputs"))
                .as("summary.json names it too")
                .hasSize(1);
    }

    static final String ENUM_SPEC = """
            {
              "name": "tickets",
              "columns": [
                {"name": "queue", "type": "string"},
                {"name": "state", "type": "enum", "values": ["open", "closed", "spam"]},
                {"name": "minutes", "type": "integer"}
              ],
              "measures": [
                {"name": "tickets", "fn": "count"},
                {"name": "open", "fn": "count", "where": {"column": "state", "in": ["open"]}},
                {"name": "not_spam", "fn": "count", "where": {"column": "state", "notIn": ["spam"]}},
                {"name": "closed_minutes", "fn": "sum", "of": "minutes", "where": {"column": "state", "in": ["closed"]}},
                {"name": "slowest", "fn": "max", "of": "minutes", "where": {"column": "state", "notIn": ["open"]}},
                {"name": "queues", "fn": "distinct", "of": "queue", "where": {"column": "state", "in": ["open", "closed"]}},
                {"name": "long", "fn": "count", "where": {"column": "minutes", ">": 30}}
              ],
              "groupings": [
                {"name": "totals", "by": [], "measures": ["tickets", "open", "not_spam", "closed_minutes", "slowest", "queues"]},
                {"name": "by_queue", "by": ["queue"], "where": {"column": "state", "notIn": ["spam"]},
                 "measures": ["tickets", "open", "closed_minutes", "slowest"]},
                {"name": "by_state", "by": ["state", "queue"], "measures": ["tickets", "not_spam", "slowest"]}EXTRA
              ]
            }
            """;
    static final String ENUM_CSV = """
            queue,state,minutes
            a,open,5
            a,closed,40
            b,closed,
            b,,12
            ,spam,90
            c,open,31
            a,closed,7
            b,spam,1
            c,,
            """;

    @Test
    void conditionsOnOneEnumColumnGiveTheSameFiguresAsConditionsEvaluatedRowByRow() throws Exception {
        // Without "long", every condition tests "state", and sets pick their operations by its value; with it, each
        // condition is evaluated row by row. Both must publish the same figures.
        String byValue = ENUM_SPEC.replace("EXTRA", "");
        String byRow = ENUM_SPEC.replace("EXTRA", ",\n    {\"name\": \"slow\", \"by\": [], \"measures\": [\"long\"]}");
        LocalObjectStore a = run(byValue, ENUM_CSV);
        String[] files = {"totals.csv", "by_queue.csv", "by_state.csv"};
        String[] first = new String[files.length];
        for (int i = 0; i < files.length; i++) {
            first[i] = text(a, files[i]);
        }
        assertThat(first[0]).isEqualTo("tickets,open,not_spam,closed_minutes,slowest,queues\n9,2,7,47,90,3\n");
        assertThat(first[1])
                .as("spam rows left out of the set; an empty state is in no list, so it is not spam")
                .isEqualTo("queue,tickets,open,closed_minutes,slowest\na,3,1,47,40\nb,2,0,0,12\nc,2,1,0,\n");
        tmp.resolve("again").toFile().mkdirs();
        LocalObjectStore b = runIn(tmp.resolve("again"), byRow, ENUM_CSV);
        for (int i = 0; i < files.length; i++) {
            assertThat(text(b, files[i])).as(files[i]).isEqualTo(first[i]);
        }
        assertThat(text(b, "slow.csv")).isEqualTo("long\n3\n");
    }

    private LocalObjectStore runIn(Path dir, String spec, String csv) throws Exception {
        LocalObjectStore in = new LocalObjectStore(dir.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(dir.resolve("out"));
        in.put(HOUR.path() + "/orders.csv", csv.getBytes(StandardCharsets.UTF_8));
        SpecTransformation t = new SpecTransformation(JobSpec.parse(spec.getBytes(StandardCharsets.UTF_8), "t.json"));
        new HourJob(in, out, t, JobOptions.defaults().withTempDir(dir.resolve("t"))).run(HOUR);
        return out;
    }
}
