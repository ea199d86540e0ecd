package org.skysift.report;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.skysift.pipeline.SurveyJob;

/**
 * The run's written tables, each read once for the summary and every report output: reading a Parquet
 * table costs a Spark job (its schema is inferred from the files), so a frame read once is handed
 * to every query that needs the table. Only for after the tables are written: they do not change then.
 */
public final class RunTables {
    private final SparkSession spark;
    private final String runDir;
    private final Map<String, Dataset<Row>> read = new HashMap<>();

    public RunTables(SparkSession spark, String runDir) {
        this.spark = spark;
        this.runDir = runDir;
    }

    public synchronized Dataset<Row> get(String name) {
        return read.computeIfAbsent(name, n -> SurveyJob.Tables.read(spark, runDir, n));
    }

    public String runDir() {
        return runDir;
    }
}
