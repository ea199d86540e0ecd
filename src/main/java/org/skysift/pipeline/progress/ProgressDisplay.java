package org.skysift.pipeline.progress;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** How the driver shows tile progress while the tiles are processed: a bar or plain lines. */
interface ProgressDisplay {
    void show(TileCount c, long nowMs);

    void finish(TileCount c, long nowMs);

    /** A bar redrawn in place when the stream is the terminal, plain lines otherwise (logs, CI, cluster drivers). */
    static ProgressDisplay forStream(PrintStream out, long total, long startMs) {
        boolean terminal = out == System.out && System.console() != null && !"dumb".equals(System.getenv("TERM"));
        return terminal ? new Bar(out, total, startMs) : new Lines(out, total, startMs);
    }

    final class Lines implements ProgressDisplay {
        private final PrintStream out;
        private final ProgressLines lines;

        Lines(PrintStream out, long total, long startMs) {
            this.out = out;
            this.lines = new ProgressLines(total, startMs);
        }

        @Override
        public void show(TileCount c, long nowMs) {
            lines.update(c, nowMs).ifPresent(out::println);
        }

        @Override
        public void finish(TileCount c, long nowMs) {
            lines.finish(c, nowMs).ifPresent(out::println);
        }
    }

    final class Bar implements ProgressDisplay {
        private final ProgressBar bar;
        private final long total;
        private final long startMs;

        Bar(PrintStream out, long total, long startMs) {
            this.total = total;
            this.startMs = startMs;
            boolean unicode = Charset.defaultCharset().equals(StandardCharsets.UTF_8);
            this.bar = new ProgressBarBuilder()
                    .setTaskName("Tiles")
                    .setInitialMax(total)
                    .setStyle(unicode ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500)
                    .setConsumer(new ConsoleProgressBarConsumer(out))
                    .setUnit(" tiles", 1)
                    .showSpeed(new DecimalFormat("0.00"))
                    .setSpeedUnit(ChronoUnit.SECONDS)
                    // the same rate-based ETA as the plain lines and progress.json
                    .setEtaFunction(state -> etaOf(state.getCurrent()))
                    .build();
        }

        private Optional<Duration> etaOf(long finished) {
            long elapsed = System.currentTimeMillis() - startMs;
            return Rates.eta(total - finished, Rates.perSecond(finished, elapsed)).map(Duration::ofSeconds);
        }

        @Override
        public void show(TileCount c, long nowMs) {
            bar.stepTo(c.done());
            bar.setExtraMessage(", " + c.failed() + " failed, " + c.running() + " running");
        }

        @Override
        public void finish(TileCount c, long nowMs) {
            show(new TileCount(c.done(), c.failed(), 0), nowMs);
            bar.setExtraMessage(", " + c.failed() + " failed");
            bar.close();
        }
    }
}
