package org.skysift.extract;

/**
 * One object between detection and output: its pixels (entries [from, to) of the extractor's
 * pixel arrays) and the measurements filled in stage by stage. Mutable working state, package-private.
 */
final class Detection {
    int from;
    int to;
    int flags;
    // isophotal quantities (0-based pixel coordinates)
    double mx;
    double my;
    double x2;
    double y2;
    double xy;
    double a;
    double b;
    double theta;
    double cxx;
    double cyy;
    double cxy;
    double fluxIso;
    double peak;
    double fdflux;
    double dthresh;
    double mthresh;
    int npix;
    /** ISO0..ISO7 (see Measurer.isoAreas) */
    int[] isoAreas;
    int xmin;
    int xmax;
    int ymin;
    int ymax;
    // photometry
    double rmsAtCentre;
    double background;
    double kronRadius;
    double fluxAuto;
    double fluxAutoArea;
    double[] fluxAper;
    double[] aperArea;
    double halfLight;
    double[] fluxRadius;
    double xwin;
    double ywin;
    double snrWin;
    /** Index of the detection that CLEAN merged this one into; -1 when it survives. */
    int mergedInto = -1;

    Detection(int from, int to) {
        this.from = from;
        this.to = to;
    }
}
