package dev.twinrun.cli;

import dev.twinrun.pricing.PriceBook;
import dev.twinrun.pricing.PriceBookCheck;
import dev.twinrun.pricing.PriceListImport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code twinrun pricebook check|import}: validate a price book, or build one from an AWS Price List offer file. */
@Command(
        name = "pricebook",
        mixinStandardHelpOptions = true,
        description = "Validate price books and build them from AWS Price List offer files.",
        subcommands = {PricebookCommand.Check.class, PricebookCommand.Import.class})
public final class PricebookCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code twinrun pricebook check [FILE...]}: every line dated and sourced, no negative or duplicate ids. */
    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = {
                "Check price books: every line has a unique id, a known kind, a value of 0 or more, a unit, a date,",
                "the book's region, a public https:// source (no internal note, no 're-check') and the date it was read.",
                "Without FILE, checks the built-in books. Exit 1 when any problem is found."
            })
    public static final class Check implements Callable<Integer> {
        @Parameters(
                paramLabel = "FILE",
                arity = "0..*",
                description = "Price book JSON files (default: the built-in ones).")
        List<Path> files;

        @Option(names = "--today", paramLabel = "DATE", description = "Latest valid read date (default: today).")
        LocalDate today;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PriceBookCheck check = new PriceBookCheck(today == null ? LocalDate.now() : today);
            int problems = 0;
            if (files == null || files.isEmpty()) {
                for (String name : PriceBook.BUILT_IN) {
                    try (InputStream in = PriceBook.class.getResourceAsStream("/pricebooks/" + name + ".json")) {
                        problems += report(out, "built-in " + name, check.check(in));
                    }
                }
            } else {
                for (Path file : files) {
                    if (!Files.isRegularFile(file)) {
                        throw new IllegalArgumentException("no price book file " + file);
                    }
                    try (InputStream in = Files.newInputStream(file)) {
                        problems += report(out, file.toString(), check.check(in));
                    }
                }
            }
            out.flush();
            return problems == 0 ? 0 : 1;
        }

        private static int report(PrintWriter out, String name, List<PriceBookCheck.Problem> problems) {
            if (problems.isEmpty()) {
                out.println(name + ": ok");
            } else {
                for (PriceBookCheck.Problem p : problems) {
                    out.println(name + ": " + p);
                }
                out.println(name + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s"));
            }
            return problems.size();
        }
    }

    /** {@code twinrun pricebook import FILE}: a book from an AWS Price List bulk offer file (JSON). */
    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = {
                "Build a price book from an AWS Price List bulk offer file (JSON, one service and region, e.g.",
                PriceListImport.OFFERS + "AmazonEC2/current/us-east-1/index.json). On-demand terms only;",
                "EC2 Linux instances become ec2.TYPE.hour lines. Prints the book, or writes it with --out."
            })
    public static final class Import implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The offer file (index.json).")
        Path file;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the book here instead of printing it.")
        Path out;

        @Option(
                names = "--read",
                paramLabel = "DATE",
                description = "The date the file was downloaded (default: today).")
        LocalDate read;

        @Option(
                names = "--source-url",
                paramLabel = "URL",
                description = "The address it was downloaded from (default: derived from offer code, version, region).")
        String sourceUrl;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no offer file " + file);
            }
            PriceBook book;
            try (InputStream in = Files.newInputStream(file)) {
                book = PriceListImport.fromOffer(in, read == null ? LocalDate.now() : read, sourceUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
            String json = PriceListImport.toJson(book);
            if (out == null) {
                spec.commandLine().getOut().println(json);
            } else {
                Files.writeString(out, json + "\n", StandardCharsets.UTF_8);
                spec.commandLine()
                        .getOut()
                        .println("wrote " + out + ": " + book.lines().size() + " lines, "
                                + book.instances().size() + " instance types");
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
