package org.skysift.acquire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust for the HTTP clients: the JDK's own CAs plus, when {@code http.truststore} names one, the
 * certificates of a truststore (PKCS12 or JKS, with its password) or of a PEM file (one or more
 * {@code -----BEGIN CERTIFICATE-----} blocks, no password). Adding rather than replacing keeps the public
 * services (VizieR, STScI) working beside a private mirror signed by an in-house CA. Host names are still
 * checked by the client.
 */
public final class TrustStores {
    private TrustStores() {}

    /**
     * An SSL context trusting the JDK's CAs and the given store's certificates.
     *
     * @param origin names the store in errors (the config key and the file)
     */
    public static SSLContext withExtraTrust(byte[] store, String password, String origin) {
        KeyStore ks = load(store, password, origin);
        try {
            X509TrustManager extra = x509(ks);
            X509TrustManager jdk = x509(null);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new Either(extra, jdk)}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(origin + ": cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    static KeyStore load(byte[] store, String password, String origin) {
        try {
            if (new String(store, 0, Math.min(store.length, 64), StandardCharsets.US_ASCII).contains("-----BEGIN")) {
                Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(store));
                if (certs.isEmpty()) {
                    throw new IllegalArgumentException(origin + ": a PEM file without any certificate");
                }
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                int i = 0;
                for (Certificate c : certs) {
                    ks.setCertificateEntry("pem-" + i++, c);
                }
                return ks;
            }
            // PKCS12 loads JKS files too (keystore.type.compat, on by default)
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(store), password == null ? null : password.toCharArray());
            if (ks.size() == 0) {
                throw new IllegalArgumentException(origin + ": the truststore holds no certificate");
            }
            return ks;
        } catch (IOException e) {
            // a wrong password shows as an IOException whose cause is an UnrecoverableKeyException
            throw new IllegalArgumentException(origin + ": cannot read the truststore (wrong http.truststore_password,"
                    + " or not a PKCS12, JKS or PEM file): " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(origin + ": a certificate cannot be read: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        }
    }

    private static X509TrustManager x509(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(ks);
        for (TrustManager t : f.getTrustManagers()) {
            if (t instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Trusts a chain that either manager trusts; the failure reported is the JDK's (the usual one). */
    private record Either(X509TrustManager first, X509TrustManager second) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(m -> m.checkClientTrusted(chain, authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType));
        }

        private void either(Check check) throws CertificateException {
            try {
                check.on(first);
            } catch (CertificateException e) {
                check.on(second);
            }
        }

        private interface Check {
            void on(X509TrustManager m) throws CertificateException;
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>(List.of(first.getAcceptedIssuers()));
            all.addAll(List.of(second.getAcceptedIssuers()));
            return all.toArray(new X509Certificate[0]);
        }
    }
}
