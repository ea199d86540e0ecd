package org.skysift.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** The CI guard over surefire reports (.ci/check-skips) and the rule of testing.Prerequisites. */
@Tag("plain")
class SkipReportTest {
    static final Path ALLOW_LIST = Path.of(".ci/allowed-skips");

    static String report(String cls, String... cases) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"" + cls + "\">\n");
        for (String c : cases) {
            b.append(c.replace("$C", cls)).append('\n');
        }
        return b.append("</testsuite>\n").toString();
    }

    @Test
    void aSkipNotOnTheListIsReportedWithItsReasonAndAllowedOnesAreNot(@TempDir Path dir) throws Exception {
        Path reports = Files.createDirectories(dir.resolve("target/spark4/surefire-reports"));
        Files.writeString(reports.resolve("TEST-a.A.xml"), report("a.A",
                "<testcase name=\"runs\" classname=\"$C\" time=\"0.1\"/>",
                "<testcase name=\"readOnly(Path)\" classname=\"$C\" time=\"0\"><skipped message=\"root\"/></testcase>",
                "<testcase name=\"needsData\" classname=\"$C\" time=\"0\">"
                        + "<skipped type=\"org.opentest4j.TestAbortedException\"><![CDATA[shared test data absent: x.fits\n\tat y]]></skipped></testcase>"));
        Files.writeString(reports.resolve("TEST-b.B.xml"), report("b.B",
                "<testcase name=\"each(int)[1]\" classname=\"$C\" time=\"0\"><skipped/></testcase>",
                "<testcase name=\"each(int)[2]\" classname=\"$C\" time=\"0\"/>"));
        // not a report folder: ignored
        Files.writeString(dir.resolve("target/TEST-c.C.xml"), report("c.C",
                "<testcase name=\"x\" classname=\"$C\"><skipped/></testcase>"));

        var r = SkipReport.check(Map.of("a.A#readOnly", "root writes anywhere"),
                SkipReport.reports(List.of(dir.resolve("target"))));

        assertThat(r.reports()).isEqualTo(2);
        assertThat(r.testcases()).isEqualTo(5);
        assertThat(r.allowed()).extracting(SkipReport.Skip::key).containsExactly("a.A#readOnly");
        assertThat(r.notAllowed()).extracting(SkipReport.Skip::key).containsExactly("a.A#needsData", "b.B#each");
        assertThat(r.notAllowed().get(0).message()).isEqualTo("shared test data absent: x.fits");
    }

    @Test
    void anAllowListLineWithoutAReasonIsRefusedNamingItsLine(@TempDir Path dir) throws Exception {
        Path list = Files.writeString(dir.resolve("allowed"), "# comment\n\na.A#x  why\na.A#y\n");
        assertThatThrownBy(() -> SkipReport.readAllowList(list))
                .hasMessage(list + " line 4: expected '<class>#<method>  <reason>', got: a.A#y");
    }

    /** The list cannot rot: each entry names a test method that exists, with a reason of some words. */
    @Test
    void everyEntryOfTheCiAllowListNamesAnExistingTestWithAReason() throws Exception {
        Map<String, String> allowed = SkipReport.readAllowList(ALLOW_LIST);
        assertThat(allowed).containsOnlyKeys("org.skysift.pipeline.PreflightWritableTest#aReadOnlyFolderIsRefused",
                "org.skysift.submit.CloudCliAcceptsTest#awsAcceptsTheEmrCommandsAndTheSchedule",
                "org.skysift.submit.CloudCliAcceptsTest#gcloudAcceptsTheDataprocCommands");
        for (var e : allowed.entrySet()) {
            String[] cm = e.getKey().split("#");
            Method[] methods = Class.forName(cm[0]).getDeclaredMethods();
            assertThat(Arrays.stream(methods).map(Method::getName)).as(e.getKey()).contains(cm[1]);
            assertThat(e.getValue().split("\\s+").length).as(e.getKey()).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void aMissingPrerequisiteFailsWhenRequiredAndSkipsOtherwise() {
        boolean required = "1".equals(System.getenv("SKYSIFT_REQUIRE_SHARED"))
                || "true".equalsIgnoreCase(System.getenv("SKYSIFT_REQUIRE_SHARED"))
                || "true".equalsIgnoreCase(System.getenv("CI"));
        assertThat(Prerequisites.required()).isEqualTo(required);
        assertThatThrownBy(() -> SharedData.require("no/such/file.fits"))
                .isInstanceOf(required ? AssertionError.class : TestAbortedException.class)
                .hasMessageContaining("shared test data absent: ")
                .hasMessageContaining("no/such/file.fits");
    }
}
