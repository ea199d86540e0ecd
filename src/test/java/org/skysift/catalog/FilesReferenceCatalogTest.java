package org.skysift.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigException;

@Tag("plain")
class FilesReferenceCatalogTest {
    @TempDir
    Path tmp;

    @Test
    void csvWithOptionalProperMotionColumns() throws IOException {
        Path f = tmp.resolve("ref.csv");
        Files.writeString(f, "id,ra,dec,mag,pmra,pmdec,epoch,bp_rp\n"
                + "barnard,269.44850252544,4.73942005111,8.19,-801.551,10362.394,2016.0,2.41\n"
                + "still,269.45,4.70,12.0,,,,\n");
        FilesReferenceCatalog cat = FilesReferenceCatalog.open(f.toUri().toString(), new Configuration());
        List<RefStar> got = cat.cone(269.45, 4.7, 0.1);
        assertThat(got).hasSize(2);
        RefStar b = got.stream().filter(s -> s.id().equals("barnard")).findFirst().orElseThrow();
        assertThat(b.hasProperMotion()).isTrue();
        assertThat(b.pmdec()).isEqualTo(10362.394);
        assertThat(b.epoch()).isEqualTo(2016.0);
        RefStar still = got.stream().filter(s -> s.id().equals("still")).findFirst().orElseThrow();
        assertThat(still.hasProperMotion()).isFalse();
        assertThat(b.colour()).isEqualTo(2.41);
        assertThat(still.colour()).isNaN();
        // At a 1951.5 plate Barnard's star is 668" further south.
        assertThat((b.atEpoch(1951.5).dec() - b.dec()) * 3600).isCloseTo(-10.362394 * 64.5, within(0.1));

        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "id,ra,dec,pmra\na,10,20,fast\n");
        assertThatThrownBy(() -> FilesReferenceCatalog.open(bad.toUri().toString(), new Configuration()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("line 2").hasMessageContaining("'fast'");
    }

    @Test
    void parquetWithOptionalProperMotionColumns() throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType("message ref { required binary id (UTF8); "
                + "required double ra; required double dec; optional double mag; optional double pmra; "
                + "optional double pmdec; optional double epoch; }");
        Path f = tmp.resolve("ref.parquet");
        Configuration conf = new Configuration();
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(f.toUri()))
                .withType(schema).withConf(conf).build()) {
            w.write(groups.newGroup().append("id", "g1").append("ra", 10.0).append("dec", 20.0).append("mag", 14.0)
                    .append("pmra", 100.0).append("pmdec", -50.0).append("epoch", 2016.0));
            w.write(groups.newGroup().append("id", "g2").append("ra", 10.01).append("dec", 20.01));
        }
        FilesReferenceCatalog cat = FilesReferenceCatalog.open(f.toUri().toString(), conf);
        List<RefStar> got = cat.cone(10, 20, 0.1);
        assertThat(got).extracting(RefStar::id).containsExactly("g1", "g2");
        assertThat(got.get(0).pmra()).isEqualTo(100.0);
        assertThat(got.get(0).epoch()).isEqualTo(2016.0);
        assertThat(got.get(1).hasProperMotion()).isFalse();
        assertThat(got.get(1).mag()).isNaN();
    }
}
