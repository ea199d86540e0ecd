package org.skysift.acquire;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate made in the test (BouncyCastle, already a test dependency), and an
 * HttpsServer on 127.0.0.1 presenting it: what a private mirror with an in-house certificate looks like.
 */
final class LoopbackTls {
    final KeyPair keys;
    final X509Certificate cert;

    private LoopbackTls(KeyPair keys, X509Certificate cert) {
        this.keys = keys;
        this.cert = cert;
    }

    /** A certificate naming {@code 127.0.0.1} (as an IP subject alternative name), or only {@code otherName} when given. */
    static LoopbackTls selfSigned(String dnsNameInstead) throws GeneralSecurityException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            X500Name name = new X500Name("CN=" + (dnsNameInstead == null ? "127.0.0.1" : dnsNameInstead) + ", O=SkySift test");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(1, ChronoUnit.DAYS)), name, kp.getPublic());
            GeneralName san = dnsNameInstead == null ? new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                    : new GeneralName(GeneralName.dNSName, dnsNameInstead);
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
            X509Certificate c = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
            return new LoopbackTls(kp, c);
        } catch (IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** An https server on 127.0.0.1 (ephemeral port) presenting this certificate. */
    HttpsServer server() throws IOException, GeneralSecurityException {
        char[] pw = "server-pw".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", keys.getPrivate(), pw, new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx));
        return s;
    }

    /** A PKCS12 truststore holding the certificate, as keytool would write it. */
    byte[] truststore(String password) throws IOException, GeneralSecurityException {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("mirror", cert);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ts.store(out, password.toCharArray());
        return out.toByteArray();
    }

    /** The certificate as PEM, as openssl would write it. */
    byte[] pem() throws GeneralSecurityException {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded());
        return ("-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII);
    }
}
