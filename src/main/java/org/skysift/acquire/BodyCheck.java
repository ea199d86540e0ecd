package org.skysift.acquire;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** What a successful answer must look like; anything else counts as a failed attempt and is retried. */
public interface BodyCheck {
    /** The Accept header sent. */
    String accept();

    /** Why the body is unusable, or null when it is fine. */
    String problem(byte[] body);

    /** A complete FITS file (the image services). */
    BodyCheck FITS = new BodyCheck() {
        @Override
        public String accept() {
            return "application/fits, image/fits, application/octet-stream;q=0.9, */*;q=0.1";
        }

        @Override
        public String problem(byte[] body) {
            return FitsIntegrity.problem(body);
        }
    };

    /** A catalogue answer (TSV or VOTable): anything but an HTML error page served with status 200. */
    BodyCheck CATALOG_TEXT = new BodyCheck() {
        @Override
        public String accept() {
            return "text/tab-separated-values, application/x-votable+xml, text/plain;q=0.9, */*;q=0.1";
        }

        @Override
        public String problem(byte[] body) {
            String head = new String(body, 0, Math.min(body.length, 512), StandardCharsets.UTF_8)
                    .stripLeading().toLowerCase(Locale.ROOT);
            return head.startsWith("<!doctype html") || head.startsWith("<html") ? "an HTML page, not a catalogue" : null;
        }
    };
}
