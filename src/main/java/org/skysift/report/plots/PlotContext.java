package org.skysift.report.plots;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.skysift.config.SkySiftConfig;
import org.skysift.report.RunTables;

/** What every figure reads: the run's tables, its config and summary, and where to write. */
record PlotContext(SparkSession spark, String runDir, SkySiftConfig config, ObjectNode summary, PlotFiles files,
                   RunTables tables, PlotTiles tiles) {

    PlotContext(SparkSession spark, String runDir, SkySiftConfig config, ObjectNode summary, PlotFiles files) {
        this(spark, runDir, config, summary, files, new RunTables(spark, runDir));
    }

    PlotContext(SparkSession spark, String runDir, SkySiftConfig config, ObjectNode summary, PlotFiles files,
                RunTables tables) {
        this(spark, runDir, config, summary, files, tables, new PlotTiles(tables));
    }

    Dataset<Row> table(String name) {
        return tables.get(name);
    }

    /** The figure's PNG, written under plots/, and its plots.json entry. */
    Figure save(String file, org.jfree.chart.JFreeChart chart, int width, int height, String caption) {
        files.write(file, ChartStyle.png(chart, width, height));
        return new Figure(file, chart.getTitle() == null ? file : chart.getTitle().getText(), caption, width, height);
    }
}
