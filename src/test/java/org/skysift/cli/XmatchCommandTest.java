package org.skysift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.match.CrossMatcher;
import org.skysift.match.MatchMode;
import org.skysift.match.MatchResult;
import org.skysift.testing.SparkSessionExtension;

/** Each test takes the shared session so the command reuses it instead of starting its own. */
@ExtendWith(SparkSessionExtension.class)
class XmatchCommandTest {
    private static CliRun.Outcome run(String... args) {
        return CliRun.run(args);
    }

    /** CSV catalogue around the RA seam with columns name,alpha,delta; returns {ra[], dec[]}. */
    private static double[][] writeCsv(Path file, SplittableRandom rng, int n, String prefix) throws IOException {
        double[] ra = new double[n], dec = new double[n];
        StringBuilder sb = new StringBuilder("name,alpha,delta,mag\n");
        for (int i = 0; i < n; i++) {
            ra[i] = (360 + (rng.nextDouble() - 0.5) * 0.1) % 360;
            dec[i] = 10 + (rng.nextDouble() - 0.5) * 0.1;
            sb.append(String.format(Locale.ROOT, "%s%05d,%s,%s,15.0%n", prefix, i, Double.toString(ra[i]), Double.toString(dec[i])));
        }
        Files.writeString(file, sb.toString());
        return new double[][] {ra, dec};
    }

    @Test
    void csvInputsWithOtherColumnNamesGiveTheExactMatchAsParquet(SparkSession spark, @TempDir Path dir) throws IOException {
        SplittableRandom rng = new SplittableRandom(4);
        double[][] a = writeCsv(dir.resolve("a.csv"), rng, 2000, "a");
        double[][] b = writeCsv(dir.resolve("b.csv"), rng, 2000, "b");
        // every mode is checked at scale in CatalogMatchTest; here the CSV path, names and id types
        for (MatchMode mode : new MatchMode[] {MatchMode.BEST, MatchMode.TWO_NOT_ONE}) {
            Path out = dir.resolve("out-" + mode.label());
            CliRun.Outcome o = run("xmatch", "--master", "local[2]", "--left", dir.resolve("a.csv").toString(), "--right",
                    dir.resolve("b.csv").toString(), "--left-cols", "name,alpha,delta", "--right-cols", "name,alpha,delta",
                    "--radius", "3", "--mode", mode.label(), "--out", out.toString());
            assertThat(o.code()).as(o.err()).isZero();
            MatchResult want = CrossMatcher.match(a[0], a[1], b[0], b[1], 3, mode);
            List<String> expected = new ArrayList<>();
            for (int k = 0; k < want.size(); k++) {
                expected.add(switch (mode) {
                    case BEST, ALL -> String.format(Locale.ROOT, "a%05d b%05d ", want.left()[k], want.right()[k]) + want.sepArcsec()[k];
                    case ONE_NOT_TWO -> String.format(Locale.ROOT, "a%05d", want.left()[k]);
                    case TWO_NOT_ONE -> String.format(Locale.ROOT, "b%05d", want.right()[k]);
                });
            }
            List<String> got = new ArrayList<>();
            for (Row r : spark.read().parquet(out.toString()).collectAsList()) {
                got.add(r.size() == 3 ? r.getString(0) + " " + r.getString(1) + " " + r.getDouble(2) : r.getString(0));
            }
            Collections.sort(expected);
            Collections.sort(got);
            assertThat(got).as(mode.label()).isEqualTo(expected).hasSizeGreaterThan(100);
            assertThat(o.out()).contains("-> " + expected.size() + " rows");
        }
    }

    @Test
    void badInputsAreExitTwoNamingTheFileColumnOrRow(SparkSession spark, @TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.csv"), "id,ra,dec\n1,10,20\n2,11,95\n");
        Files.writeString(dir.resolve("b.csv"), "id,ra,de\n1,10,20\n");
        String a = dir.resolve("a.csv").toString(), b = dir.resolve("b.csv").toString();
        CliRun.Outcome col = run("xmatch", "--master", "local[2]", "--left", a, "--right", b, "--out", dir.resolve("o1").toString());
        assertThat(col.code()).isEqualTo(2);
        assertThat(col.err()).contains("b.csv").contains("no column 'dec'").contains("--right-cols");
        CliRun.Outcome row = run("xmatch", "--master", "local[2]", "--left", a, "--right", a, "--out", dir.resolve("o2").toString());
        assertThat(row.code()).isEqualTo(2);
        assertThat(row.err()).contains("a.csv").contains("row id 2").contains("dec 95.0");
        assertThat(run("xmatch", "--left", a, "--right", a, "--mode", "nearest", "--out", dir.resolve("o3").toString()).err())
                .contains("best, all, 1not2 or 2not1");
        assertThat(run("xmatch", "--left", a, "--right", dir.resolve("absent.csv").toString(), "--out", dir.resolve("o4").toString()).err())
                .contains("absent.csv: no such file");
        assertThat(run("xmatch", "--left", a, "--right", a, "--radius", "-1", "--out", dir.resolve("o5").toString()).code()).isEqualTo(2);
        assertThat(run("xmatch", "--left", a, "--right", a, "--out", dir.toString()).err()).contains("exists");
    }

    @Test
    void generatedBenchmarkInputsMatch(SparkSession spark, @TempDir Path dir) {
        assertThat(run("xmatch", "--master", "local[2]", "--generate", "20000", "--out", dir.resolve("in").toString()).code()).isZero();
        CliRun.Outcome o = run("xmatch", "--master", "local[2]", "--left", dir.resolve("in/left").toString(), "--right",
                dir.resolve("in/right").toString(), "--radius", "600", "--out", dir.resolve("m").toString());
        assertThat(o.code()).as(o.err()).isZero();
        // 20,000 points per 41,253 deg^2 within 10': ~0.042 partners each, so ~830 best matches (Poisson)
        long rows = Long.parseLong(o.out().replaceAll("(?s).*-> (\\d+) rows.*", "$1"));
        assertThat(rows).isBetween(700L, 960L);
    }
}
