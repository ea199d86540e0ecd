package org.skysift.report.plots;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.skysift.config.ConfigLoader;
import org.skysift.report.RunOutputs;

/**
 * Writes plots/*.png, the CSVs behind the histograms and plots/plots.json (display order, with
 * captions). Every figure comes from Spark aggregates over the written tables (per-tile and
 * per-candidate rows at most reach the driver); a figure with nothing to show is left out.
 */
public final class RunPlots {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunPlots.class);

    private RunPlots() {}

    public static List<Figure> write(RunOutputs.Context ctx) {
        System.setProperty("java.awt.headless", "true");
        PlotContext pc = new PlotContext(ctx.spark(), ctx.runDir(), ctx.config(), ctx.summary(),
                new PlotFiles(ctx.spark().sparkContext().hadoopConfiguration(), ctx.runDir()), ctx.tables());
        List<Figure> figures = new ArrayList<>();
        long t0 = System.nanoTime();
        add(figures, pc, "sky maps", SkyPlots::write);
        add(figures, pc, "funnel", c -> listOf(FunnelChart.write(c)));
        add(figures, pc, "injection recovery", c -> listOf(InjectionRecovery.write(c)));
        add(figures, pc, "epoch recall", c -> listOf(EpochRecall.write(c)));
        add(figures, pc, "source histograms", SourceHistograms::write);
        add(figures, pc, "match plots", MatchPlots::write);
        add(figures, pc, "timings", TimingPlots::write);
        ArrayNode index = ConfigLoader.json().createArrayNode();
        for (Figure f : figures) {
            index.addObject().put("file", f.file()).put("title", f.title()).put("caption", f.caption())
                    .put("width", f.width()).put("height", f.height());
        }
        LOG.info("plots: {} figures in {} ms", figures.size(), (System.nanoTime() - t0) / 1_000_000);
        try {
            pc.files().writeText("plots.json",
                    ConfigLoader.json().writerWithDefaultPrettyPrinter().writeValueAsString(index) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return figures;
    }

    /**
     * One group of figures; a failure there is logged and the run goes on without them, since the tables,
     * the summary and the manifest matter more than a picture.
     */
    private static void add(List<Figure> figures, PlotContext pc, String what, Function<PlotContext, List<Figure>> make) {
        long t = System.nanoTime();
        try {
            figures.addAll(make.apply(pc));
            LOG.debug("plots: {} drawn in {} ms", what, (System.nanoTime() - t) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("plots: could not draw the {}: {}", what, e.toString(), e);
        }
    }

    private static List<Figure> listOf(Figure f) {
        return f == null ? List.of() : List.of(f);
    }
}
