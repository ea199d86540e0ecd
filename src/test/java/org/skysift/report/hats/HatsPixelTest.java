package org.skysift.report.hats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class HatsPixelTest {
    @Test
    void pathsGroupTenThousandPixelsPerDir() {
        assertThat(new HatsPixel(1, 44, 1).leafPath()).isEqualTo("Norder=1/Dir=0/Npix=44.parquet");
        assertThat(new HatsPixel(7, 196_607, 1).leafPath()).isEqualTo("Norder=7/Dir=190000/Npix=196607.parquet");
        assertThat(new HatsPixel(5, 10_000, 1).dir()).isEqualTo(10_000);
        assertThat(new HatsPixel(5, 9_999, 1).dir()).isZero();
    }

    @Test
    void rangesAtOrder29AndContainment() {
        HatsPixel p = new HatsPixel(2, 176, 0);
        assertThat(p.start29()).isEqualTo(176L << 54);
        assertThat(p.end29()).isEqualTo(177L << 54);
        assertThat(new HatsPixel(11, 11, 0).end29()).isEqualTo(12L << 36);
        assertThat(p.covers(new HatsPixel(4, 176 * 16 + 15, 0))).isTrue();
        assertThat(p.covers(new HatsPixel(4, 177 * 16, 0))).isFalse();
        assertThat(new HatsPixel(4, 176 * 16, 0).covers(p)).isFalse();
        assertThat(new HatsPixel(0, 11, 0).end29()).isEqualTo(12L << 58);
        assertThatThrownBy(() -> new HatsPixel(0, 12, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leafOfFindsTheRangeOrNone() {
        long[] starts = {new HatsPixel(1, 4, 0).start29(), new HatsPixel(3, 81, 0).start29()};
        long[] ends = {new HatsPixel(1, 4, 0).end29(), new HatsPixel(3, 81, 0).end29()};
        assertThat(PartitionPlanner.leafOf(starts, ends, starts[0])).isZero();
        assertThat(PartitionPlanner.leafOf(starts, ends, ends[0] - 1)).isZero();
        assertThat(PartitionPlanner.leafOf(starts, ends, ends[0])).isEqualTo(-1); // the gap between the leaves
        assertThat(PartitionPlanner.leafOf(starts, ends, starts[1] + 5)).isEqualTo(1);
        assertThat(PartitionPlanner.leafOf(starts, ends, ends[1])).isEqualTo(-1);
        assertThat(PartitionPlanner.leafOf(starts, ends, 0)).isEqualTo(-1);
    }

    @Test
    void propertyValuesAreEscaped() {
        assertThat(HatsProperties.escape("a\\b")).isEqualTo("a\\\\b");
        assertThat(HatsProperties.escape(" lead")).isEqualTo("\\ lead");
        assertThat(HatsProperties.escape("x\ny")).isEqualTo("x\\ny");
    }
}
