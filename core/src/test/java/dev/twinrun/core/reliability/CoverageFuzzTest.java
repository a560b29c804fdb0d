package dev.twinrun.core.reliability;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of the parser and the whole hour job with Jazzer, checking the same properties as
 * {@link InputFuzzTest}. In every build ({@code ./mvnw verify}) each method replays its corpus, the files under
 * {@code src/test/resources/dev/twinrun/core/reliability/CoverageFuzzTestInputs/<method>/}, as regression tests.
 * With {@code JAZZER_FUZZ=1} Jazzer fuzzes one method, guided by the branches the inputs reach, for
 * {@code maxDuration}; an input that breaks a property is written into that folder (keep it: it is then replayed by
 * every build). How to run it: docs/RELIABILITY.md.
 */
class CoverageFuzzTest {
    private static final byte[] HEADER_LINE = (AdversarialCsv.HEADER + "\n").getBytes(StandardCharsets.UTF_8);

    /**
     * The bytes as one file through {@link dev.twinrun.core.csv.SplitParser}: whole, as two ranges cut at three
     * places and speculatively from those places; it never throws (its only documented exception is an
     * {@code IOException} from the stream, and the stream here is in memory), never hangs (10 s per parse), consumes
     * every byte, rows read = accepted + quarantined, and the cut parses add up to the whole.
     */
    @FuzzTest(maxDuration = "3m")
    void parserAccountsForEveryByteOfAnyRange(byte[] data) throws Exception {
        InputFuzzTest.parser(data);
    }

    /**
     * The bytes as an hour of 1 to 3 files through {@link dev.twinrun.core.job.HourJob} on a local store (see
     * {@link #files}): it publishes (rows read = aggregated + quarantined in the result and in summary.json, every
     * quarantined row in rejected_rows.csv, the manifest's hashes match) or refuses the hour with
     * {@code UnusableInputException} and publishes nothing; a second run on 3 threads over 7-byte ranges publishes
     * byte-identical files (or refuses for the same reason).
     */
    @FuzzTest(maxDuration = "3m")
    void jobAccountsForEveryRowAndRerunsIdentically(byte[] data) throws Exception {
        InputFuzzTest.job(files(data));
    }

    /**
     * The first byte says how to cut the rest: bits 0-1 the number of files less one (3 counts as 2), bit 2 whether
     * to put the job's header line in front of each file (so mutations need not find the header to reach the rows);
     * the rest is cut into that many parts of equal size.
     */
    static List<byte[]> files(byte[] data) {
        if (data.length == 0) {
            return List.of(new byte[0]);
        }
        int n = Math.min(3, (data[0] & 3) + 1);
        boolean header = (data[0] & 4) != 0;
        byte[] rest = Arrays.copyOfRange(data, 1, data.length);
        List<byte[]> files = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] part = Arrays.copyOfRange(rest, rest.length * i / n, rest.length * (i + 1) / n);
            files.add(header ? AdversarialCsv.concat(HEADER_LINE, part) : part);
        }
        return files;
    }
}
