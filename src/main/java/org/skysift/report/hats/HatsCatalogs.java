package org.skysift.report.hats;

import org.skysift.report.RunOutputs;

/**
 * Writes hats/sources and hats/candidates: the run's sources and candidates tables again as HATS
 * catalogs, which lsdb.open_catalog, the hats library and pyarrow read (docs/HATS.md). Sources are
 * detections on plates (dataproduct_type source), candidates one row per vanishing candidate (object).
 */
public final class HatsCatalogs {
    private HatsCatalogs() {}

    public static void write(RunOutputs.Context ctx) {
        long maxRows = ctx.config().report().hatsMaxRows();
        java.util.List<HatsCatalogWriter.Catalog> catalogs = new java.util.ArrayList<>();
        for (String[] t : new String[][] {{"sources", "source"}, {"candidates", "object"}}) {
            catalogs.add(new HatsCatalogWriter.Catalog(ctx.table(t[0]), ctx.runDir() + "/hats/" + t[0],
                    new HatsCatalogWriter.Spec(t[0], t[1], "ra", "dec", maxRows, ctx.runId())));
        }
        HatsCatalogWriter.writeAll(ctx.spark(), catalogs);
    }
}
