package org.skysift.epochs;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.skysift.extract.ExtractParams;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;

/**
 * Not a test: times stacking of FITS frames on this thread's CPU clock (the machine is shared, so
 * wall time says little). Run: java -cp target/test-classes:target/classes:$(deps) org.skysift.epochs.StackBench
 * FRAMES... (for example four 2118 x 2118 frames from skysift synth --size-arcmin 60).
 */
public final class StackBench {
    private StackBench() {}

    public static void main(String[] args) throws Exception {
        List<StackFrame> frames = new ArrayList<>();
        for (String a : args) {
            try (var in = Files.newInputStream(Path.of(a))) {
                FitsImage img = FitsReader.read(in, a);
                frames.add(new StackFrame(a, img, new ExtractParams(1.5, 5, 2.5, new double[] {6, 12},
                        img.header().getDouble("GAIN", 0), img.header().getDouble("SATURATE", 65535))));
            }
        }
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) {
            long cpu0 = bean.getCurrentThreadCpuTime();
            StackResult r = new Stacker(StackSettings.of(Combine.mean(3, 3), 64, 3)).stack(frames);
            long cpu = bean.getCurrentThreadCpuTime() - cpu0;
            StackResult.Timing t = r.timing();
            System.out.printf("round %d: %d frames %dx%d, cpu %.2f s (wall: stars+registration %.2f s, resampling %.2f s,"
                            + " combining %.2f s), noise gain %.3f%n", round, frames.size(), r.width(), r.height(),
                    cpu / 1e9, t.prepareNanos() / 1e9, t.resampleNanos() / 1e9, t.combineNanos() / 1e9, r.noiseGain());
        }
    }
}
