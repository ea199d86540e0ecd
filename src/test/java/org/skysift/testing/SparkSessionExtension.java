package org.skysift.testing;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests one local SparkSession per test JVM (starting one costs seconds), bound to loopback,
 * stopped when the JVM's root extension store closes.
 */
public final class SparkSessionExtension implements ParameterResolver {
    private static final String KEY = "skysift.spark";

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == SparkSession.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return e.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(KEY, k -> new Holder(), Holder.class).spark;
    }

    private static final class Holder implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final SparkSession spark = SparkSession.builder()
                .appName("skysift-tests")
                .master("local[2]")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();

        @Override
        public void close() {
            spark.stop();
        }
    }
}
