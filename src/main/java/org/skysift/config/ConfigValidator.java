package org.skysift.config;

import java.util.Set;

/** Range and choice checks; each failure names the key. */
final class ConfigValidator {
    private ConfigValidator() {}

    private static void http(SkySiftConfig c) {
        var h = c.http();
        range("http.total_timeout_s", h.totalTimeoutS(), 0.1, 86400);
        range("http.max_redirects", h.maxRedirects(), 0, 20);
        if (h.truststorePassword() != null && (h.truststore() == null || h.truststore().isBlank())) {
            throw new ConfigException("config key 'http.truststore_password' is set but http.truststore is not;"
                    + " name the truststore it opens");
        }
        if (h.bearerToken() != null && !h.bearerToken().isBlank() && c.image().endpoint().isEmpty()
                && (c.reference().endpoint() == null || c.reference().endpoint().isBlank())
                && c.epochs().list().stream().noneMatch(e -> e.image().get("endpoint") != null)) {
            throw new ConfigException("config key 'http.bearer_token' is set but no endpoint is: the token goes only to"
                    + " the hosts of image.endpoint and reference.endpoint, never to a public service by default");
        }
    }

    static void validate(SkySiftConfig c) {
        notBlank("run_id", c.runId());
        if (!c.runId().matches("[A-Za-z0-9._-]+")) {
            fail("run_id", c.runId(), "letters, digits, '.', '_' or '-' only");
        }
        if (c.runId().matches("\\.+")) {
            // "." and ".." would put the run folder at or above output
            fail("run_id", c.runId(), "needs a letter, digit, '_' or '-' (a name of dots only is no folder of its own)");
        }
        notBlank("output", c.output());

        var t = c.targets();
        oneOf("targets.kind", t.kind(), Set.of("fibonacci", "csv", "cone", "box", "healpix"));
        range("targets.count", t.count(), 1, 100_000_000);
        range("targets.healpix_order", t.healpixOrder(), 0, 29);
        if (t.kind().equals("csv")) {
            notBlank("targets.path", t.path());
        }
        regionTargets(t);

        range("lock_stale_minutes", c.lockStaleMinutes(), 0.1, 1e6);

        var g = c.tiling();
        oneOf("tiling.mode", g.mode(), Set.of("hex30"));
        range("tiling.tile_arcmin", g.tileArcmin(), 1, 600);
        range("tiling.tiles_per_partition", g.tilesPerPartition(), 1, 10_000);

        image("image", c.image());
        http(c);

        var s = c.synthetic();
        range("synthetic.star_density", s.starDensity(), 0, 1e6);
        range("synthetic.mag_bright", s.magBright(), -5, 30);
        range("synthetic.mag_faint", s.magFaint(), s.magBright(), 35);
        range("synthetic.lf_slope", s.lfSlope(), 0.01, 2);
        range("synthetic.vanished_density", s.vanishedDensity(), 0, 1e4);
        range("synthetic.distortion_arcsec", s.distortionArcsec(), -60, 60);
        var as = c.astrometry();
        range("astrometry.degree", as.degree(), 0, 7);
        range("astrometry.min_stars", as.minStars(), 4, 1e6);
        range("astrometry.clip_sigma", as.clipSigma(), 1.5, 100);
        range("astrometry.grid", as.grid(), 0, 64);
        range("astrometry.min_snr", as.minSnr(), 0, 1e6);
        range("synthetic.vanished_mag_bright", s.vanishedMagBright(), -5, 30);
        range("synthetic.vanished_mag_faint", s.vanishedMagFaint(), s.vanishedMagBright(), 35);
        range("synthetic.sky_level", s.skyLevel(), 0, 60000);
        range("synthetic.sky_gradient", s.skyGradient(), 0, 1);
        range("synthetic.fwhm_min", s.fwhmMin(), 0.8, 50);
        range("synthetic.fwhm_max", s.fwhmMax(), s.fwhmMin(), 50);
        range("synthetic.moffat_beta", s.moffatBeta(), 1.1, 20);
        range("synthetic.gain", s.gain(), 0.01, 1000);
        range("synthetic.read_noise", s.readNoise(), 0, 1000);
        range("synthetic.saturation", s.saturation(), 100, 65535);
        range("synthetic.epoch_max", s.epochMax(), s.epochMin(), 2100);
        oneOf("synthetic.realism", s.realism(), Set.of("none", "plate"));
        oneOf("synthetic.emulsion.response", s.emulsion().response(), Set.of("linear", "photographic"));
        range("synthetic.emulsion.gamma", s.emulsion().gamma(), 0.3, 10);
        range("synthetic.emulsion.knee", s.emulsion().knee(), 1, 1e7);
        range("synthetic.emulsion.fog", s.emulsion().fog(), 0, 65535);
        range("synthetic.emulsion.plateau", s.emulsion().plateau(), s.emulsion().fog() + 1, s.saturation());

        var e = c.extract();
        range("extract.detect_thresh", e.detectThresh(), 0.1, 1000);
        range("extract.detect_minarea", e.detectMinarea(), 1, 100_000);
        range("extract.filter_fwhm", e.filterFwhm(), 0, 20);
        range("extract.back_size", e.backSize(), 8, 4096);
        range("extract.back_filtersize", e.backFiltersize(), 1, 15);
        if (e.backFiltersize() % 2 == 0) {
            fail("extract.back_filtersize", e.backFiltersize(), "must be odd");
        }
        if (e.aperDiameters() == null || e.aperDiameters().isEmpty()) {
            fail("extract.aper_diameters", e.aperDiameters(), "needs at least one diameter in pixels");
        }
        for (int k = 0; k < e.aperDiameters().size(); k++) {
            range("extract.aper_diameters[" + k + "]", e.aperDiameters().get(k), 0.5, 500);
        }
        range("extract.deblend_nthresh", e.deblendNthresh(), 1, 256);
        range("extract.deblend_mincont", e.deblendMincont(), 0, 1);
        range("extract.clean_param", e.cleanParam(), 0.01, 100);
        range("extract.kron_factor", e.kronFactor(), 0.1, 20);
        range("extract.kron_min_radius", e.kronMinRadius(), 0, 100);
        if (e.fluxFractions() == null || e.fluxFractions().isEmpty()) {
            fail("extract.flux_fractions", e.fluxFractions(), "needs at least one fraction");
        }
        for (int k = 0; k < e.fluxFractions().size(); k++) {
            range("extract.flux_fractions[" + k + "]", e.fluxFractions().get(k), 1e-6, 1 - 1e-6);
        }
        if (e.saturation() != null) {
            range("extract.saturation", e.saturation(), 1e-6, 1e30);
        }
        range("extract.mag_zeropoint", e.magZeropoint(), -10, 50);
        range("extract.gain", e.gain(), 0, 1e6);
        range("extract.seeing_fwhm", e.seeingFwhm(), 0, 60);
        notBlank("extract.starnnw_name", e.starnnwName());

        var r = c.reference();
        oneOf("reference.kind", r.kind(), Set.of("synthetic", "files", "vizier", "votable"));
        if (r.kind().equals("files") || r.kind().equals("votable")) {
            notBlank("reference.path", r.path());
        }
        oneOf("reference.catalog", r.catalog(), Set.of("usnob1", "gaiadr3"));
        oneOf("reference.format", r.format(), Set.of("tsv", "votable"));
        range("reference.max_rows", r.maxRows(), 0, 10_000_000);
        range("reference.max_depth", r.maxDepth(), 0, 12);
        if (r.epoch() != null) {
            range("reference.epoch", r.epoch(), 1800, 2200);
        }
        range("reference.timeout_s", r.timeoutS(), 0.1, 3600);
        oneOf("reference.distributed", r.distributed(), Set.of("auto", "always", "never"));
        range("reference.in_memory_max_mb", r.inMemoryMaxMb(), 0, 1e6);
        if (r.endpoint() != null && !r.endpoint().matches("https?://.+")) {
            fail("reference.endpoint", r.endpoint(), "must be an http(s) URL");
        }
        range("match.radius_arcsec", c.match().radiusArcsec(), 0.01, 3600);
        var ph = c.match().photometry();
        range("match.photometry.min_stars", ph.minStars(), 5, 1e6);
        range("match.photometry.min_snr", ph.minSnr(), 0, 1e6);
        range("match.photometry.max_segments", ph.maxSegments(), 1, 50);
        range("match.photometry.clip", ph.clip(), 1.5, 100);
        range("match.photometry.grid", ph.grid(), 0, 20);
        var k = c.candidates();
        range("candidates.min_snr", k.minSnr(), 0, 1e6);
        range("candidates.fwhm_min_px", k.fwhmMinPx(), 0, 1000);
        range("candidates.fwhm_max_px", k.fwhmMaxPx(), k.fwhmMinPx(), 1000);
        range("candidates.max_elongation", k.maxElongation(), 1, 1000);
        range("candidates.min_spread_model", k.minSpreadModel(), -10, 10);
        range("candidates.min_extent_px", k.minExtentPx(), 0, 1000);
        range("candidates.max_extent_diff_px", k.maxExtentDiffPx(), 0, 1000);
        range("candidates.shape_sigma", k.shapeSigma(), 0.1, 1000);
        range("candidates.bright_mag", k.brightMag(), -30, 40);
        range("candidates.bright_radius_arcsec", k.brightRadiusArcsec(), 0, 3600);
        range("candidates.spike_length_factor", k.spikeLengthFactor(), 0, 100);
        range("candidates.spike_half_width_px", k.spikeHalfWidthPx(), 0, 1000);
        range("candidates.edge_margin_px", k.edgeMarginPx(), 0, 10_000);
        range("report.injection_radius_arcsec", c.report().injectionRadiusArcsec(), 0.01, 3600);
        range("report.cutout_size_px", c.report().cutoutSizePx(), 8, 1024);
        range("report.cutout_neighbour_arcsec", c.report().cutoutNeighbourArcsec(), 0, 3600);
        range("report.hats_max_rows", c.report().hatsMaxRows(), 1, 1_000_000_000L);
        epochs(c);
    }

    /** epochs.list items (names unique, each image section valid, synthetic ones all synthetic), stack, difference. */
    private static void epochs(SkySiftConfig c) {
        var ep = c.epochs();
        Set<String> names = new java.util.HashSet<>();
        int synthetic = 0;
        for (int k = 0; k < ep.list().size(); k++) {
            String at = "epochs.list[" + k + "]";
            var e = ep.list().get(k);
            if (blank(e.name())) {
                throw new ConfigException("config key '" + at + ".name' must be set (each epoch needs a unique name)");
            }
            if (!names.add(e.name())) {
                fail(at + ".name", e.name(), "another epoch has this name");
            }
            range(at + ".frames", e.frames(), 1, 100);
            SkySiftConfig.Image img = ConfigLoader.epochImage(c.image(), e.image(), at + ".image");
            image(at + ".image", img);
            if (img.source().equals("synthetic")) {
                synthetic++;
            } else if (e.frames() > 1 && (!img.source().equals("files") || !blank(img.list()))) {
                fail(at + ".frames", e.frames(), "several frames come from synthetic epochs or an image.path folder"
                        + " (<tile_id>-<n>.fits); an image.list epoch takes every listed frame in the tile, a survey one image");
            }
            var s = e.synthetic();
            if (s.year() != null) {
                range(at + ".synthetic.year", s.year(), 1800, 2200);
            }
            if (s.fwhmMin() != null) {
                range(at + ".synthetic.fwhm_min", s.fwhmMin(), 0.8, 50);
            }
            if (s.fwhmMax() != null) {
                double lo = s.fwhmMin() != null ? s.fwhmMin() : c.synthetic().fwhmMin();
                range(at + ".synthetic.fwhm_max", s.fwhmMax(), lo, 50);
            } else if (s.fwhmMin() != null && s.fwhmMin() > c.synthetic().fwhmMax()) {
                fail(at + ".synthetic.fwhm_min", s.fwhmMin(), "exceeds synthetic.fwhm_max " + c.synthetic().fwhmMax()
                        + ": set " + at + ".synthetic.fwhm_max too");
            }
            range(at + ".synthetic.offset_arcsec", s.offsetArcsec(), 0, 3600);
            var ch = s.changes();
            String cat = at + ".synthetic.changes.";
            range(cat + "appeared", ch.appeared(), 0, 10_000);
            range(cat + "vanished", ch.vanished(), 0, 10_000);
            range(cat + "brightened", ch.brightened(), 0, 10_000);
            range(cat + "faded", ch.faded(), 0, 10_000);
            range(cat + "amplitude_min_mag", ch.amplitudeMinMag(), 0.01, 10);
            range(cat + "amplitude_max_mag", ch.amplitudeMaxMag(), ch.amplitudeMinMag(), 10);
            range(cat + "mag_bright", ch.magBright(), -5, 30);
            range(cat + "mag_faint", ch.magFaint(), ch.magBright(), 35);
        }
        if (synthetic > 0 && synthetic < ep.list().size()) {
            throw new ConfigException("config key 'epochs.list': " + synthetic + " of " + ep.list().size()
                    + " epochs are synthetic: synthetic epochs are rendered from one sky and cannot be mixed with"
                    + " real images (give every epoch image.source synthetic, or none)");
        }
        if (ep.reference() != null && !names.contains(ep.reference())) {
            String near = Suggest.nearest(ep.reference(), names);
            throw new ConfigException("config key 'epochs.reference': '" + ep.reference() + "' is not an epoch of"
                    + " epochs.list " + new java.util.TreeSet<>(names) + (near == null ? "" : " (did you mean '" + near + "'?)"));
        }
        var st = c.stack();
        oneOf("stack.combine", st.combine(), Set.of("mean", "median"));
        range("stack.kappa", st.kappa(), 0.1, 100);
        range("stack.iterations", st.iterations(), 0, 100);
        range("stack.grow", st.grow(), 0, 20);
        range("stack.amp_frac", st.ampFrac(), 0, 10);
        var d = c.difference();
        oneOf("difference.method", d.method(), Set.of("zogy", "alard-lupton"));
        range("difference.threshold", d.threshold(), 0.1, 1000);
        range("difference.epoch_snr", d.epochSnr(), 0.1, 1000);
        range("difference.search_px", d.searchPx(), 2.5, 1000);
        range("lightcurves.variable_sigma", c.lightcurves().variableSigma(), 0.1, 1000);
    }


    /** The checks of one image section: the top-level one, or an epoch's (prefix epochs.list[k].image). */
    private static void image(String prefix, SkySiftConfig.Image i) {
        Set<String> services = Set.of("dss", "eso-dss", "hips2fits");
        oneOf(prefix + ".source", i.source(), Set.of("synthetic", "files", "dss", "eso-dss", "hips2fits"));
        oneOf(prefix + ".survey", i.survey(), Set.of("dss1-red", "dss2-red", "dss2-blue", "dss2-ir"));
        notBlank(prefix + ".hips", i.hips());
        for (int k = 0; k < i.fallback().size(); k++) {
            oneOf(prefix + ".fallback[" + k + "]", i.fallback().get(k), services);
        }
        int nServices = i.fallback().size() + 1;
        if (!i.endpoint().isEmpty() && i.endpoint().size() != 1 && i.endpoint().size() != nServices) {
            fail(prefix + ".endpoint", i.endpoint(), "give one URL for every service, or one per service (" + nServices + ")");
        }
        for (int k = 0; k < i.endpoint().size(); k++) {
            String u = i.endpoint().get(k);
            if (u != null && !u.matches("https?://.+")) {
                fail(prefix + ".endpoint[" + k + "]", u, "must be an http(s) URL");
            }
        }
        if (services.contains(i.source())) {
            notBlank(prefix + ".cache", i.cache());
        }
        range(prefix + ".retries", i.retries(), 0, 100);
        range(prefix + ".backoff", i.backoff(), 0, 3600);
        range(prefix + ".timeout_s", i.timeoutS(), 0.1, 3600);
        range(prefix + ".max_concurrent", i.maxConcurrent(), 1, 64);
        range(prefix + ".max_bytes", i.maxBytes(), 2880, 1L << 33);
        // one image is one float[] of width x height values
        range(prefix + ".max_pixels", i.maxPixels(), 256, Integer.MAX_VALUE - 8);
        range(prefix + ".max_retry_after_s", i.maxRetryAfterS(), 0, 86400);
        range(prefix + ".pixel_scale_arcsec", i.pixelScaleArcsec(), 0.05, 60);
        if (i.source().equals("files") && blank(i.path()) == blank(i.list())) {
            throw new ConfigException(prefix + ".source=files needs exactly one of " + prefix + ".path (folder of"
                    + " <tile_id>.fits) or " + prefix + ".list (CSV path,ra,dec)");
        }
    }

    /** The keys of the region kinds: each needed one set and in range, a clear message naming it otherwise. */
    private static void regionTargets(SkySiftConfig.Targets t) {
        switch (t.kind()) {
            case "cone" -> {
                range("targets.ra", needed("targets.ra", t.ra(), "cone"), 0, 360);
                range("targets.dec", needed("targets.dec", t.dec(), "cone"), -90, 90);
                double r = needed("targets.radius_deg", t.radiusDeg(), "cone");
                if (!(r > 0 && r <= 180)) {
                    fail("targets.radius_deg", r, "must be above 0 and at most 180");
                }
            }
            case "box" -> {
                range("targets.ra_min", needed("targets.ra_min", t.raMin(), "box"), 0, 360);
                range("targets.ra_max", needed("targets.ra_max", t.raMax(), "box"), 0, 360);
                range("targets.dec_min", needed("targets.dec_min", t.decMin(), "box"), -90, 90);
                range("targets.dec_max", needed("targets.dec_max", t.decMax(), "box"), t.decMin(), 90);
                if (t.raMin().equals(t.raMax())) {
                    fail("targets.ra_max", t.raMax(), "equals targets.ra_min: an empty box (0 and 360 for all RA;"
                            + " ra_min > ra_max crosses RA 0)");
                }
                if (t.decMin().equals(t.decMax())) {
                    fail("targets.dec_max", t.decMax(), "equals targets.dec_min: an empty box");
                }
            }
            case "healpix" -> {
                if (t.order() == null) {
                    throw new ConfigException("config key 'targets.order' must be set for targets.kind=healpix"
                            + " (the order of targets.pixels)");
                }
                range("targets.order", t.order(), 0, 29);
                if (t.pixels() == null || t.pixels().isEmpty()) {
                    throw new ConfigException("config key 'targets.pixels' must list at least one nested HEALPix pixel"
                            + " for targets.kind=healpix");
                }
                long n = 12L << (2 * t.order());
                for (int k = 0; k < t.pixels().size(); k++) {
                    Long p = t.pixels().get(k);
                    if (p == null || p < 0 || p >= n) {
                        fail("targets.pixels[" + k + "]", p, "must be a nested pixel between 0 and " + (n - 1)
                                + " at targets.order " + t.order());
                    }
                }
            }
            default -> { }
        }
    }

    private static double needed(String key, Double v, String kind) {
        if (v == null) {
            throw new ConfigException("config key '" + key + "' must be set for targets.kind=" + kind);
        }
        return v;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void notBlank(String key, String v) {
        if (blank(v)) {
            throw new ConfigException("config key '" + key + "' must be set");
        }
    }

    private static void oneOf(String key, String v, Set<String> allowed) {
        if (v == null || !allowed.contains(v)) {
            String near = v == null ? null : Suggest.nearest(v, allowed);
            throw new ConfigException("config key '" + key + "': '" + v + "' is not one of " + new java.util.TreeSet<>(allowed)
                    + (near == null ? "" : " (did you mean '" + near + "'?)"));
        }
    }

    private static void range(String key, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            fail(key, v, "must be between " + fmt(lo) + " and " + fmt(hi));
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static void fail(String key, Object v, String why) {
        throw new ConfigException("config key '" + key + "' = " + v + ": " + why);
    }
}
