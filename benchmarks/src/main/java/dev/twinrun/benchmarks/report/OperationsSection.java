package dev.twinrun.benchmarks.report;

import java.util.List;

/**
 * Beyond cost: what each deployed variant asks of the team that runs it, one column per variant; every cell says how
 * it was obtained (the template fact, the artifact measured, the size model, the price-book assumption). Built by
 * {@link Operations}; documented row by row in {@code docs/COMPARE.md}.
 *
 * @param profile  the operations profile the template rows come from (a built-in name)
 * @param variants the columns: deployed variants ({@code lambda}, {@code ec2}, {@code fanout}, {@code ec2-per-run},
 *     {@code fargate})
 * @param rows     the rows, grouped
 * @param notes    what the section rests on
 */
public record OperationsSection(String profile, List<String> variants, List<Row> rows, List<String> notes) {
    public OperationsSection {
        variants = List.copyOf(variants);
        rows = List.copyOf(rows);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** One cell: the value and how it was obtained. */
    public record Cell(String value, String from) {}

    /** One row: its group ({@code What you operate}, ...), its name and one cell per variant, in column order. */
    public record Row(String group, String key, String name, List<Cell> cells) {
        public Row {
            cells = List.copyOf(cells);
        }
    }

    /** The row with this key, or null. */
    public Row row(String key) {
        return rows.stream().filter(r -> r.key().equals(key)).findFirst().orElse(null);
    }

    /** The cell of a row and variant, or null. */
    public Cell cell(String key, String variant) {
        Row r = row(key);
        int i = variants.indexOf(variant);
        return r == null || i < 0 ? null : r.cells().get(i);
    }
}
