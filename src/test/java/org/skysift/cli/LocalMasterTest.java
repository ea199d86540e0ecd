package org.skysift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which invocations run Spark in the skysift JVM itself (and so get its local file system). */
@Tag("plain")
class LocalMasterTest {
    @Test
    void theMasterComesFromTheOptionElseSparkSubmitElseLocal() {
        assertThat(SkySift.localMaster(new String[] {"run", "--config", "c.yaml"}, null)).isTrue();
        assertThat(SkySift.localMaster(new String[] {"verify", "out/run-1"}, null)).isTrue();
        assertThat(SkySift.localMaster(new String[] {"run", "--master", "local[2]"}, "yarn")).isTrue();
        assertThat(SkySift.localMaster(new String[] {"run", "--master=spark://h:7077"}, null)).isFalse();
        assertThat(SkySift.localMaster(new String[] {"run", "--master", "k8s://https://h"}, "local[*]")).isFalse();
        assertThat(SkySift.localMaster(new String[] {"run"}, "yarn")).isFalse();
        assertThat(SkySift.localMaster(new String[] {"run"}, "local-cluster[2,1,1024]")).isFalse(); // executors in JVMs of their own
        assertThat(SkySift.localMaster(new String[] {"run"}, "local")).isTrue();
    }
}
