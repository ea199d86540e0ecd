package org.skysift.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.votable.TableContentHandler;
import uk.ac.starlink.votable.TableHandler;

/**
 * Reads the first TABLE of a VOTable with STIL's streaming handler, on an XML parser of our own
 * that resolves nothing outside the document: no external entities, no external DTD, no
 * {@code href} streams, so a hostile answer cannot read local files or reach other hosts.
 * {@code <INFO name="QUERY_STATUS">} is honoured: ERROR fails the read, OVERFLOW marks the answer
 * as truncated. Rows keep the XML line where they end.
 */
public final class VotableReader {
    private VotableReader() {}

    public static RawTable read(InputStream in, String origin) throws IOException {
        Collector collector = new Collector();
        TableContentHandler stil = new TableContentHandler(false);
        stil.setReadHrefTables(false);
        stil.setTableHandler(collector);
        StatusWatcher handler = new StatusWatcher(stil, origin);
        collector.locator = stil;
        try {
            XMLReader reader = secureReader();
            reader.setContentHandler(handler);
            reader.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
            InputSource source = new InputSource(in);
            source.setSystemId(origin);
            reader.parse(source);
        } catch (SAXException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(origin + ": not a readable VOTable: " + e.getMessage(), e);
        }
        if (handler.error != null) {
            throw new IOException(origin + ": the service reports an error: " + handler.error);
        }
        List<String> problems = new ArrayList<>(collector.problems);
        if (collector.extraTables > 0) {
            problems.add(origin + ": " + collector.extraTables + " further table(s) after the first were ignored");
        }
        return new RawTable(origin, collector.columns, collector.units, collector.ucds, collector.rows, problems,
                handler.overflow);
    }

    static XMLReader secureReader() throws SAXException {
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(true);
            f.setValidating(false);
            f.setXIncludeAware(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return f.newSAXParser().getXMLReader();
        } catch (ParserConfigurationException e) {
            throw new SAXException("XML parser cannot be configured safely: " + e.getMessage(), e);
        }
    }

    /** Sees INFO elements on their way to STIL. */
    private static final class StatusWatcher implements ContentHandler {
        private final TableContentHandler delegate;
        private final String origin;
        String error;
        boolean overflow;

        StatusWatcher(TableContentHandler delegate, String origin) {
            this.delegate = delegate;
            this.origin = origin;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            String name = localName == null || localName.isEmpty() ? qName : localName;
            if ("INFO".equals(name) && "QUERY_STATUS".equalsIgnoreCase(atts.getValue("name"))) {
                String value = String.valueOf(atts.getValue("value")).toUpperCase(Locale.ROOT);
                if (value.equals("ERROR")) {
                    error = "QUERY_STATUS=ERROR (" + origin + ")";
                } else if (value.equals("OVERFLOW")) {
                    overflow = true;
                }
            }
            delegate.startElement(uri, localName, qName, atts);
        }

        @Override public void setDocumentLocator(Locator l) { delegate.setDocumentLocator(l); }
        @Override public void startDocument() throws SAXException { delegate.startDocument(); }
        @Override public void endDocument() throws SAXException { delegate.endDocument(); }
        @Override public void startPrefixMapping(String p, String u) throws SAXException { delegate.startPrefixMapping(p, u); }
        @Override public void endPrefixMapping(String p) throws SAXException { delegate.endPrefixMapping(p); }
        @Override public void endElement(String u, String l, String q) throws SAXException { delegate.endElement(u, l, q); }
        @Override public void characters(char[] c, int s, int n) throws SAXException { delegate.characters(c, s, n); }
        @Override public void ignorableWhitespace(char[] c, int s, int n) throws SAXException { delegate.ignorableWhitespace(c, s, n); }
        @Override public void processingInstruction(String t, String d) throws SAXException { delegate.processingInstruction(t, d); }
        @Override public void skippedEntity(String name) throws SAXException { delegate.skippedEntity(name); }
    }

    /** Keeps the first table's metadata and rows as text cells. */
    private static final class Collector implements TableHandler {
        TableContentHandler locator;
        List<String> columns = List.of();
        List<String> units = List.of();
        List<String> ucds = List.of();
        final List<RawTable.Row> rows = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        int tables;
        int extraTables;

        @Override
        public void startTable(StarTable meta) {
            tables++;
            if (tables > 1) {
                extraTables++;
                return;
            }
            List<String> names = new ArrayList<>(), u = new ArrayList<>(), q = new ArrayList<>();
            for (int i = 0; i < meta.getColumnCount(); i++) {
                ColumnInfo ci = meta.getColumnInfo(i);
                names.add(ci.getName());
                u.add(ci.getUnitString());
                q.add(ci.getUCD());
            }
            columns = names;
            units = u;
            ucds = q;
        }

        @Override
        public void rowData(Object[] row) {
            if (tables > 1) {
                return;
            }
            Locator loc = locator.getLocator();
            long line = loc == null ? rows.size() + 1 : loc.getLineNumber();
            String[] cells = new String[row.length];
            for (int i = 0; i < row.length; i++) {
                cells[i] = text(row[i]);
            }
            rows.add(new RawTable.Row(line, cells));
        }

        @Override
        public void endTable() {}

        private static String text(Object v) {
            if (v == null) {
                return null;
            }
            if (v instanceof Double d) {
                return d.isNaN() ? null : Double.toString(d);
            }
            if (v instanceof Float f) {
                return f.isNaN() ? null : Float.toString(f);
            }
            if (v.getClass().isArray()) {
                // No reference column is an array; keep something readable for error messages.
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < Array.getLength(v); i++) {
                    sb.append(i == 0 ? "" : " ").append(Array.get(v, i));
                }
                return sb.toString();
            }
            String s = v.toString().trim();
            return s.isEmpty() ? null : s;
        }
    }
}
