package org.skysift.catalog;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("plain")
class VotableReaderTest {
    @TempDir
    Path tmp;

    private static RawTable read(String xml, String origin) throws IOException {
        return VotableReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), origin);
    }

    @Test
    void readsAVizierStyleTableWithNullsAndUcds() throws IOException {
        RawTable t = read(TestAnswers.text("gaiadr3_rows.vot"), "gaia.vot");
        assertThat(t.columns()).containsExactly("Source", "RA_ICRS", "DE_ICRS", "pmRA", "pmDE", "Gmag");
        assertThat(t.units().get(1)).isEqualTo("deg");
        assertThat(t.ucds().get(3)).isEqualTo("pos.pm;pos.eq.ra");
        assertThat(t.rows()).hasSize(4);
        assertThat(t.rows().get(2).cells()[3]).isNull();
        // Each row keeps the XML line it ends on (rows are lines 16..19 of the file).
        assertThat(t.rows()).extracting(RawTable.Row::line).containsExactly(16L, 17L, 18L, 19L);

        StarRows.Converted c = StarRows.convert(t, CatalogSpec.GAIADR3);
        assertThat(c.stars()).hasSize(3);
        RefStar b = c.stars().get(0);
        assertThat(b.id()).isEqualTo("4472832130942575872");
        assertThat(b.ra()).isEqualTo(269.44850252544);
        assertThat(b.pmdec()).isEqualTo(10362.394);
        assertThat(b.epoch()).isEqualTo(2016.0);
        assertThat(c.stars().get(2).hasProperMotion()).isFalse();
        assertThat(c.problems()).singleElement().asString().startsWith("gaia.vot line 19:").contains("no position");
    }

    @Test
    void unknownColumnNamesAreFoundByUcd() throws IOException {
        String xml = TestAnswers.text("gaiadr3_rows.vot")
                .replace("name=\"Source\"", "name=\"objid\"").replace("name=\"RA_ICRS\"", "name=\"alpha\"")
                .replace("name=\"DE_ICRS\"", "name=\"delta\"").replace("name=\"pmRA\"", "name=\"mu_a\"")
                .replace("name=\"pmDE\"", "name=\"mu_d\"").replace("name=\"Gmag\"", "name=\"m\"");
        StarRows.Converted c = StarRows.convert(read(xml, "renamed"), CatalogSpec.generic("votable", 2016.0));
        assertThat(c.stars()).hasSize(3);
        RefStar b = c.stars().get(0);
        assertThat(b.id()).isEqualTo("4472832130942575872");
        assertThat(b.dec()).isEqualTo(4.73942005111);
        assertThat(b.pmra()).isEqualTo(-801.551);
        assertThat(b.mag()).isEqualTo(8.193974);
        assertThat(b.epoch()).isEqualTo(2016.0);
    }

    @Test
    void externalEntitiesAndDtdsAreNeverResolved() throws IOException {
        String secret = "SECRET-" + UUID.randomUUID();
        Path file = tmp.resolve("secret.txt");
        Files.writeString(file, secret);
        AtomicInteger hits = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            hits.incrementAndGet();
            // The entity gets the secret; the DTDs get valid empty declarations, so a parser that
            // fetched them would go on and show the secret rather than fail.
            String body = ex.getRequestURI().getPath().equals("/entity") ? secret : "";
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length == 0 ? -1 : b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try {
            String http = "http://127.0.0.1:" + server.getAddress().getPort();
            String xml = "<?xml version=\"1.0\"?>\n"
                    + "<!DOCTYPE VOTABLE SYSTEM \"" + http + "/votable.dtd\" [\n"
                    + "  <!ENTITY file SYSTEM \"" + file.toUri() + "\">\n"
                    + "  <!ENTITY web SYSTEM \"" + http + "/entity\">\n"
                    + "  <!ENTITY % param SYSTEM \"" + http + "/param\">\n"
                    + "  %param;\n"
                    + "]>\n"
                    + "<VOTABLE version=\"1.4\"><RESOURCE><TABLE>\n"
                    + "<FIELD name=\"id\" datatype=\"char\" arraysize=\"*\"/>\n"
                    + "<FIELD name=\"ra\" datatype=\"double\"/><FIELD name=\"dec\" datatype=\"double\"/>\n"
                    + "<DATA><TABLEDATA>\n"
                    + "<TR><TD>a&file;</TD><TD>10.0</TD><TD>20.0</TD></TR>\n"
                    + "<TR><TD>b&web;</TD><TD>11.0</TD><TD>21.0</TD></TR>\n"
                    + "</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>\n";
            RawTable t = read(xml, "xxe.vot");
            assertThat(t.rows()).hasSize(2);
            String all = t.rows().stream().flatMap(r -> Arrays.stream(r.cells())).filter(Objects::nonNull)
                    .reduce("", String::concat);
            assertThat(all).doesNotContain(secret).doesNotContain("SECRET");
            assertThat(t.rows().get(0).cells()[0]).isEqualTo("a");
            assertThat(t.rows().get(1).cells()[0]).isEqualTo("b");
            assertThat(hits.get()).as("requests made for the DTD and entities").isZero();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void serviceStatusIsHonoured() throws IOException {
        String error = "<VOTABLE version=\"1.4\"><RESOURCE type=\"results\">"
                + "<INFO name=\"QUERY_STATUS\" value=\"ERROR\">unknown table I/999</INFO></RESOURCE></VOTABLE>";
        assertThatThrownBy(() -> read(error, "err.vot")).isInstanceOf(IOException.class)
                .hasMessageContaining("err.vot").hasMessageContaining("QUERY_STATUS=ERROR");
        String overflow = TestAnswers.text("gaiadr3_rows.vot").replace("value=\"OK\"", "value=\"OVERFLOW\"");
        assertThat(read(overflow, "o").overflow()).isTrue();
        assertThatThrownBy(() -> read("Service unavailable, try later", "txt"))
                .isInstanceOf(IOException.class).hasMessageContaining("txt: not a readable VOTable");
        RawTable none = read("<VOTABLE version=\"1.4\"><RESOURCE/></VOTABLE>", "none");
        assertThat(none.columns()).isEmpty();
        assertThat(StarRows.convert(none, CatalogSpec.GAIADR3).stars()).isEmpty();
    }

    @Test
    void votableFileAsReferenceCatalog() throws IOException {
        Path f = tmp.resolve("ref.vot");
        Files.writeString(f, TestAnswers.text("gaiadr3_rows.vot"));
        VotableReferenceCatalog cat = VotableReferenceCatalog.open(f.toUri().toString(), new Configuration(), 2016.0);
        assertThat(cat.size()).isEqualTo(3);
        assertThat(cat.problems()).hasSize(1);
        assertThat(cat.name()).isEqualTo("votable");
        assertThat(cat.cone(210.80, 54.35, 0.05)).extracting(RefStar::id)
                .containsExactlyInAnyOrder("1565050296337932544", "1565050296337932545");
    }
}
