package dev.twinrun.benchmarks.bench;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The fresh JVMs {@link CoreBench} times: {@code core INPUT OUTPUT [JOB_SPEC]} runs the core job once ({@link CoreRun}),
 * {@code duckdb FILE [FORMULATION]} a DuckDB baseline ({@link DuckDbBaseline}); each prints one line of notes last.
 */
public final class BenchWorker {
    private BenchWorker() {}

    public static void main(String[] args) throws Exception {
        if ((args.length == 3 || args.length == 4) && args[0].equals("core")) {
            CoreRun.run(
                    Path.of(args[1]),
                    Path.of(args[2]),
                    null,
                    1,
                    System.out,
                    args.length == 4 ? Path.of(args[3]) : null,
                    false);
        } else if ((args.length == 2 || args.length == 3) && args[0].equals("duckdb")) {
            long rows = DuckDbBaseline.run(
                    Path.of(args[1]),
                    args.length == 3
                            ? DuckDbBaseline.Formulation.parse(args[2])
                            : DuckDbBaseline.Formulation.VARCHAR_TABLE);
            System.out.printf(
                    Locale.ROOT,
                    "rows=%d threads=%d%n",
                    rows,
                    Runtime.getRuntime().availableProcessors());
        } else {
            System.err.println("usage: BenchWorker core INPUT OUTPUT [JOB_SPEC] | duckdb FILE [FORMULATION]");
            System.exit(2);
        }
    }
}
