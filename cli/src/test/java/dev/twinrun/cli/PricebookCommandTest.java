package dev.twinrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PricebookCommandTest {
    /** The offer-file fixture of the pricing module (tests run in the module's directory). */
    private static final Path OFFER =
            Path.of("..", "pricing", "src", "test", "resources", "pricelist", "AmazonEC2-us-east-1-sample.json");

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TwinrunCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void theBuiltInBooksPass() {
        Run r = run("pricebook", "check", "--today", "2026-12-02");

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("built-in aws-us-east-1-2026: ok").contains("built-in seed-2017: ok");
    }

    @Test
    void aBookWithAnUnsourcedLineFailsNamingFileLineAndId() throws Exception {
        Path book = tmp.resolve("bad.json");
        Files.writeString(
                book,
                "{\"id\": \"bad\", \"date\": \"2026-11-01\", \"region\": \"us-east-1\", \"lines\": [\n"
                        + "{\"id\": \"x.y\", \"kind\": \"price\", \"value\": \"1\", \"unit\": \"h\", \"date\": \"2026-11-01\","
                        + " \"region\": \"us-east-1\", \"read\": \"2026-11-01\", \"source\": \"our notes, re-check\"}]}");

        Run r = run("pricebook", "check", book.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains(book + ": line 2: x.y: source names no public https:// address");
    }

    @Test
    void importBuildsABookThatPassesTheCheck() throws Exception {
        Path out = tmp.resolve("ec2.json");

        Run imported = run("pricebook", "import", OFFER.toString(), "--read", "2026-12-01", "--out", out.toString());
        Run checked = run("pricebook", "check", "--today", "2026-12-02", out.toString());

        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("wrote " + out + ": 4 lines, 2 instance types");
        assertThat(Files.readString(out)).contains("\"ec2.c7g.2xlarge.hour\"").contains("\"0.29\"");
        assertThat(checked.exit()).as(checked.out()).isZero();
    }

    @Test
    void importOfAFileThatIsNotAnOfferNamesTheFile() throws Exception {
        Path notOffer = tmp.resolve("x.json");
        Files.writeString(notOffer, "{}");

        Run r = run("pricebook", "import", notOffer.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(notOffer + ": not an AWS Price List offer file");
    }
}
