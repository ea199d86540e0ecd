package org.skysift.catalog;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.skysift.sky.Angles;

/**
 * A stand-in for VizieR's ASU programs on 127.0.0.1: {@code /sky/asu-tsv} and {@code /sky/votable}
 * answer cone searches over a fixed list of Gaia-like stars, honouring -c, -c.rm and -out.max the
 * way the service documents them (rows beyond the cap are dropped; the VOTable says OVERFLOW);
 * {@code /<name>/asu-tsv} serves the test resource {@code vizier/<name>.tsv}; {@code /status<N>/...}
 * answers HTTP N.
 */
public final class FakeVizier implements AutoCloseable {
    public record Star(long id, double ra, double dec, double pmra, double pmdec, double gmag) {}

    final List<Star> stars;
    public final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public FakeVizier(List<Star> stars) throws IOException {
        // Without TCP_NODELAY each small answer waits ~40 ms for a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.stars = stars;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String[] path = ex.getRequestURI().getPath().split("/");
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        requests.add(q);
        String base = path[1], program = path[2];
        try {
            if (base.startsWith("status")) {
                send(ex, Integer.parseInt(base.substring(6)), "text/plain", "Service temporarily unavailable");
            } else if (base.equals("sky")) {
                String[] c = q.get("-c").trim().split("\\s+");
                double ra = Double.parseDouble(c[0]), dec = Double.parseDouble(c[1]);
                double r = Double.parseDouble(q.get("-c.rm")) / 60.0;
                String max = q.get("-out.max");
                int cap = max == null ? 50 : max.equals("unlimited") ? Integer.MAX_VALUE : Integer.parseInt(max);
                List<Star> in = new ArrayList<>();
                for (Star s : stars) {
                    if (Angles.separationDeg(ra, dec, s.ra, s.dec) <= r) {
                        in.add(s);
                    }
                }
                boolean overflow = in.size() > cap;
                List<Star> out = overflow ? in.subList(0, cap) : in;
                if (program.equals("votable")) {
                    send(ex, 200, "application/x-votable+xml", votable(out, overflow, cap));
                } else {
                    send(ex, 200, "text/tab-separated-values", tsv(out, cap));
                }
            } else {
                send(ex, 200, "text/tab-separated-values", TestAnswers.text(base + ".tsv"));
            }
        } catch (RuntimeException e) {
            send(ex, 500, "text/plain", "fake server: " + e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                q.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static String tsv(List<Star> rows, int cap) {
        StringBuilder sb = new StringBuilder();
        sb.append("#\n#   VizieR Astronomical Server (test stand-in)\n#\n");
        sb.append("#INFO\t-out.max=").append(cap == Integer.MAX_VALUE ? "unlimited" : cap).append('\n');
        sb.append("#RESOURCE=yCat_1355\n#Name: I/355\n#Table\tI_355_gaiadr3:\n#Name: I/355/gaiadr3\n");
        sb.append("#Column\tSource\t(I19)\tUnique source identifier\t[ucd=meta.id;meta.main]\n");
        sb.append("#Column\tRA_ICRS\t(F15.11)\tRight ascension (ICRS) at Ep=2016.0\t[ucd=pos.eq.ra;meta.main]\n");
        sb.append("Source\tRA_ICRS\tDE_ICRS\tpmRA\tpmDE\tGmag\tBPmag\tRPmag\n");
        sb.append("\tdeg\tdeg\tmas/yr\tmas/yr\tmag\tmag\tmag\n");
        sb.append("-------------------\t---------------\t---------------\t---------\t---------\t---------\t---------\t---------\n");
        for (Star s : rows) {
            sb.append(String.format(Locale.ROOT, "%19d\t%15.11f\t%+15.11f\t%9.3f\t%9.3f\t%9.6f\t         \t         \n",
                    s.id, s.ra, s.dec, s.pmra, s.pmdec, s.gmag));
        }
        return sb.append('\n').toString();
    }

    private static String votable(List<Star> rows, boolean overflow, int cap) {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\">\n");
        sb.append("<RESOURCE name=\"I/355\">\n");
        if (overflow) {
            sb.append("<INFO name=\"QUERY_STATUS\" value=\"OVERFLOW\">truncated result (maxtup=").append(cap).append(")</INFO>\n");
        }
        sb.append("<TABLE name=\"I/355/gaiadr3\">\n");
        sb.append("<FIELD name=\"Source\" ucd=\"meta.id;meta.main\" datatype=\"long\"/>\n");
        sb.append("<FIELD name=\"RA_ICRS\" ucd=\"pos.eq.ra;meta.main\" datatype=\"double\" unit=\"deg\"/>\n");
        sb.append("<FIELD name=\"DE_ICRS\" ucd=\"pos.eq.dec;meta.main\" datatype=\"double\" unit=\"deg\"/>\n");
        sb.append("<FIELD name=\"pmRA\" ucd=\"pos.pm;pos.eq.ra\" datatype=\"double\" unit=\"mas/yr\"/>\n");
        sb.append("<FIELD name=\"pmDE\" ucd=\"pos.pm;pos.eq.dec\" datatype=\"double\" unit=\"mas/yr\"/>\n");
        sb.append("<FIELD name=\"Gmag\" ucd=\"phot.mag;em.opt\" datatype=\"double\" unit=\"mag\"/>\n");
        sb.append("<DATA><TABLEDATA>\n");
        for (Star s : rows) {
            sb.append(String.format(Locale.ROOT, "<TR><TD>%d</TD><TD>%.11f</TD><TD>%.11f</TD><TD>%.3f</TD><TD>%.3f</TD><TD>%.6f</TD></TR>\n",
                    s.id, s.ra, s.dec, s.pmra, s.pmdec, s.gmag));
        }
        sb.append("</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>\n");
        return sb.toString();
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }
}
