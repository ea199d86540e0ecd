package org.skysift.acquire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.sky.Tile;

@Tag("plain")
class ImageServicesTest {
    private static final String NONE = null;

    @Test
    void dssSearchUrlHasTheDocumentedParameters() {
        ImageService dss = new DssService("dss1-red", NONE);
        assertThat(dss.url(new Tile(7, 210.80214, 54.34763, 60, 30)).toString()).isEqualTo(
                "https://archive.stsci.edu/cgi-bin/dss_search?v=poss1_red&r=210.80214&d=54.34763&e=J2000&h=30&w=60&f=fits&c=none");
        assertThat(new DssService("dss2-ir", NONE).url(359.9999999, -62.6851634, 12.5, 12.5).toString()).isEqualTo(
                "https://archive.stsci.edu/cgi-bin/dss_search?v=poss2ukstu_ir&r=360&d=-62.685163&e=J2000&h=12.5&w=12.5&f=fits&c=none");
        assertThat(new DssService("dss2-red", NONE).code()).isEqualTo("poss2ukstu_red");
        assertThat(new DssService("dss2-blue", NONE).code()).isEqualTo("poss2ukstu_blue");
        assertThat(new DssService("poss1_red", NONE).code()).isEqualTo("poss1_red");
        assertThat(new DssService("2", NONE).code()).isEqualTo("2");
    }

    @Test
    void raIsWrappedAndEndpointOverridden() {
        ImageService dss = new DssService("dss1-red", "http://127.0.0.1:9/cgi-bin/dss_search");
        assertThat(dss.url(-10, 0, 5, 5).toString())
                .isEqualTo("http://127.0.0.1:9/cgi-bin/dss_search?v=poss1_red&r=350&d=0&e=J2000&h=5&w=5&f=fits&c=none");
        // an endpoint that already carries a query gets '&'
        assertThat(new DssService("dss1-red", "http://mirror.example/dss?key=abc").url(1, 2, 3, 4).toString())
                .startsWith("http://mirror.example/dss?key=abc&v=poss1_red&r=1&d=2");
    }

    @Test
    void dssRefusesMoreThanSixtyArcmin() {
        ImageService dss = new DssService("dss1-red", NONE);
        assertThat(dss.url(10, 10, 60, 60).toString()).contains("&h=60&w=60&");
        assertThatThrownBy(() -> dss.url(new Tile(99, 10, 10, 60.5, 60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tile 99").hasMessageContaining("60.5").hasMessageContaining("60.0'");
    }

    @Test
    void esoUrlHasTheDocumentedParameters() {
        assertThat(new EsoDssService("dss1-red", NONE).url(217.483664, -62.685163, 15, 10).toString()).isEqualTo(
                "https://archive.eso.org/dss/dss/image?ra=217.483664&dec=-62.685163&equinox=J2000&x=15&y=10&Sky-Survey=DSS1&mime-type=download-fits");
        assertThat(new EsoDssService("dss2-ir", NONE).url(1, 1, 1, 1).toString()).contains("Sky-Survey=DSS2-infrared");
    }

    @Test
    void hips2fitsPixelsFollowTheWantedScale() {
        Hips2FitsService h = new Hips2FitsService(null, NONE, 1.7);
        // 60' at 1.7"/px = 2117.6 -> 2118 px; 30' -> 1059 px; fov is the larger side of that grid
        assertThat(h.url(new Tile(1, 10.5, -20.25, 60, 30)).toString()).isEqualTo(
                "https://alasky.cds.unistra.fr/hips-image-services/hips2fits?hips=CDS/P/DSS2/red&width=2118&height=1059"
                        + "&fov=1.00016667&projection=TAN&coordsys=icrs&ra=10.5&dec=-20.25&format=fits");
        assertThat(h.survey()).isEqualTo("CDS/P/DSS2/red");
        assertThat(new Hips2FitsService("CDS/P/PanSTARRS/DR1/g", NONE, 1.0).url(0, 0, 1, 1).toString())
                .contains("hips=CDS/P/PanSTARRS/DR1/g&width=60&height=60&fov=0.01666667&");
        assertThatThrownBy(() -> new Hips2FitsService(null, NONE, 0.01).url(0, 0, 600, 600))
                .hasMessageContaining("px allowed per side");
    }

    @Test
    void badNamesAndEndpointsAreClearErrors() {
        assertThatThrownBy(() -> new DssService("dss3-red", NONE)).hasMessageContaining("dss3-red")
                .hasMessageContaining("dss1-red");
        assertThatThrownBy(() -> new EsoDssService("poss1_red", NONE)).hasMessageContaining("eso-dss survey 'poss1_red'");
        assertThatThrownBy(() -> new DssService("dss1-red", "ftp://x/y")).hasMessageContaining("not an http(s) URL");
        assertThatThrownBy(() -> ImageServices.create("vizier", "dss1-red", null, null, 1.7))
                .hasMessageContaining("'vizier'").hasMessageContaining("hips2fits");
        assertThatThrownBy(() -> new DssService("dss1-red", NONE).url(10, 91, 5, 5)).hasMessageContaining("not a sky position");
    }

    @Test
    void fallbackListTakesOneEndpointForAllOrOneEach() {
        List<ImageService> all = ImageServices.create(List.of("dss", "eso-dss"), "dss2-red", null,
                List.of("http://127.0.0.1:1234/base"), 1.7);
        assertThat(all).extracting(ImageService::name).containsExactly("dss", "eso-dss");
        assertThat(all).allSatisfy(s -> assertThat(s.url(1, 1, 1, 1).toString()).startsWith("http://127.0.0.1:1234/base?"));
        List<ImageService> each = ImageServices.create(List.of("dss", "hips2fits"), "dss1-red", "CDS/P/DSS2/blue",
                java.util.Arrays.asList(null, "http://h/h2f"), 1.7);
        assertThat(each.get(0).url(1, 1, 1, 1).getHost()).isEqualTo("archive.stsci.edu");
        assertThat(each.get(1).url(1, 1, 1, 1).toString()).startsWith("http://h/h2f?hips=CDS/P/DSS2/blue&");
        assertThatThrownBy(() -> ImageServices.create(List.of("dss", "eso-dss", "hips2fits"), null, null,
                List.of("http://a", "http://b"), 1.7)).hasMessageContaining("2 URLs for 3 services");
    }
}
