package dev.twinrun.core.job;

import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.csv.Limits;
import dev.twinrun.core.csv.SplitParser;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.transform.Header;
import dev.twinrun.core.transform.Rejection;
import dev.twinrun.core.transform.Row;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Reads an input file's header record: skips a UTF-8 BOM, rejects empty files and unusable headers. */
final class HeaderReader {
    private final ObjectStore input;
    private final Limits limits;

    HeaderReader(ObjectStore input, Limits limits) {
        this.input = Objects.requireNonNull(input, "input");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * A file's header: its columns, the byte offset of its first data record, and the newlines the header
     * record spans (a quoted column name may hold one).
     */
    record FileHeader(Header header, long dataStart, long newlines) {
        FileHeader {
            Objects.requireNonNull(header, "header");
        }
    }

    /** The header of {@code file}; fails naming the file when it has none or it is unusable. */
    FileHeader read(ObjectInfo file) throws IOException, UnusableInputException {
        String name = input.describe() + (input.describe().endsWith("/") ? "" : "/") + file.key();
        if (file.sizeBytes() == 0) {
            throw new UnusableInputException(name, "the file is empty (no header row)");
        }
        long bom = 0;
        try (InputStream in = input.open(file.key(), 0, file.etag())) {
            byte[] first = in.readNBytes(3);
            if (first.length == 3
                    && (first[0] & 0xff) == 0xef
                    && (first[1] & 0xff) == 0xbb
                    && (first[2] & 0xff) == 0xbf) {
                bom = 3;
            }
        }
        List<String> columns = new ArrayList<>();
        Rejection[] problem = new Rejection[1];
        SplitParser.Handler handler = new SplitParser.Handler() {
            @Override
            public Rejection row(Row row) {
                for (int i = 0; i < row.fieldCount(); i++) {
                    columns.add(row.text(i).strip());
                }
                return null;
            }

            @Override
            public void quarantined(
                    long linesBefore,
                    long offset,
                    long length,
                    byte[] raw,
                    int from,
                    int rawLength,
                    boolean truncated,
                    Rejection rejection) {
                problem[0] = rejection;
            }
        };
        SplitParser.Result r;
        try (InputStream in = input.open(file.key(), bom, file.etag())) {
            r = new SplitParser(in, bom, Long.MAX_VALUE, -1, limits, handler, 1).parseFromBoundary();
        }
        if (problem[0] != null) {
            throw new UnusableInputException(name, "the header row is unusable: " + problem[0].detail());
        }
        if (r.rowsRead() == 0) {
            throw new UnusableInputException(
                    name, "the file has no header row (only a byte-order mark or blank lines)");
        }
        if (columns.stream().anyMatch(c -> c.indexOf('\r') >= 0)) {
            throw new UnusableInputException(
                    name,
                    "the header row holds a CR inside it: the file's lines seem to end in CR only (old Mac line"
                            + " ends); lines must end in LF or CRLF");
        }
        Set<String> seen = new HashSet<>();
        for (String c : columns) {
            if (!seen.add(c)) {
                throw new UnusableInputException(name, "column '" + c + "' appears twice in the header " + columns);
            }
        }
        return new FileHeader(new Header(name, columns), r.nextRecordStart(), r.newlines());
    }
}
