package org.skysift.testing;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Every log4j line of the JVM (driver and, in local mode, executors) at INFO and above while open, stack
 * traces included, for tests that read what a run logged. The console keeps its own level.
 */
public final class LogCapture implements AutoCloseable {
    private final StringWriter text = new StringWriter();
    private final Appender appender;
    private final LoggerContext ctx;
    private final Level rootLevel;

    private LogCapture() {
        ctx = (LoggerContext) LogManager.getContext(false);
        Configuration cfg = ctx.getConfiguration();
        appender = WriterAppender.newBuilder().setName("log-capture-" + System.nanoTime()).setTarget(text)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c: %m%n%throwable").build()).build();
        appender.start();
        LoggerConfig root = cfg.getRootLogger();
        rootLevel = root.getLevel();
        // on the root only: the configured loggers (org.skysift, ...) are additive, their lines reach it too
        root.addAppender(appender, Level.INFO, null);
        if (!rootLevel.isLessSpecificThan(Level.INFO)) {
            // root at INFO for the capture, its console appender kept at the level it had
            Appender console = root.getAppenders().get("console");
            if (console != null) {
                root.removeAppender("console");
                root.addAppender(console, rootLevel, null);
            }
            root.setLevel(Level.INFO);
        }
        ctx.updateLoggers();
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    public String text() {
        synchronized (text) {
            return text.toString();
        }
    }

    @Override
    public void close() {
        Configuration cfg = ctx.getConfiguration();
        LoggerConfig root = cfg.getRootLogger();
        root.removeAppender(appender.getName());
        Appender console = root.getAppenders().get("console");
        if (console != null) {
            root.removeAppender("console");
            root.addAppender(console, null, null);
        }
        root.setLevel(rootLevel);
        ctx.updateLoggers();
        appender.stop();
    }
}
