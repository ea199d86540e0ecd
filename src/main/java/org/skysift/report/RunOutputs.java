package org.skysift.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.SparkSession;
import org.skysift.config.SkySiftConfig;
import org.skysift.report.hats.HatsCatalogs;
import org.skysift.report.html.HtmlReport;
import org.skysift.report.plots.RunPlots;

/**
 * Everything a run writes for people after its tables and summary, each behind its report.* switch.
 * The HTML report comes after the plots it shows; the HATS catalogs are written beside them; the manifest
 * (written by the caller) comes last so it covers all of these.
 */
public final class RunOutputs {
    private RunOutputs() {}

    /**
     * What every writer needs: the session, the run folder (a qualified Hadoop URI), the config, the summary and
     * the run's tables (read once: the summary's reads are reused when it hands them over).
     */
    public record Context(SparkSession spark, String runDir, String runId, SkySiftConfig config, ObjectNode summary,
                          RunTables tables) {
        public Context(SparkSession spark, String runDir, String runId, SkySiftConfig config, ObjectNode summary) {
            this(spark, runDir, runId, config, summary, new RunTables(spark, runDir));
        }

        public org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table(String name) {
            return tables.get(name);
        }
    }

    public static void write(Context ctx) {
        SkySiftConfig.Report r = ctx.config().report();
        // the HATS catalogs need only the tables: their Spark jobs run beside the plots' drawing on the driver
        org.skysift.pipeline.SideBySide.Running hats = r.hats()
                ? org.skysift.pipeline.SideBySide.start("hats", 1, java.util.List.of(() -> {
                    describe(ctx, "hats");
                    HatsCatalogs.write(ctx);
                }))
                : null;
        try {
            if (r.dashboard()) {
                describe(ctx, "dashboard");
                DashboardFiles.write(ctx);
            }
            if (r.plots()) {
                describe(ctx, "plots");
                RunPlots.write(ctx);
            }
            if (r.html()) {
                describe(ctx, "html report");
                HtmlReport.write(ctx);
            }
        } finally {
            if (hats != null) {
                hats.join();
            }
        }
    }

    /** Names the step's Spark jobs in the Spark UI. */
    private static void describe(Context ctx, String step) {
        ctx.spark().sparkContext().setJobDescription(step);
    }
}
