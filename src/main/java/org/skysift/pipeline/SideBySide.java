package org.skysift.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Driver steps that are Spark jobs of their own (table writes, report outputs) run side by side: while one
 * step's query is planned and compiled on the driver, or its last task runs alone, another's tasks use the
 * idle cores. The threads are made by the calling thread, so they inherit its Spark local properties (the
 * run's job group); each step names its own jobs.
 */
public final class SideBySide {
    private SideBySide() {}

    /** A step running in a thread of its own. */
    public static final class Running {
        private final ExecutorService pool;
        private final List<Future<?>> futures;

        private Running(ExecutorService pool, List<Future<?>> futures) {
            this.pool = pool;
            this.futures = futures;
        }

        /** Waits for every step, then throws the first failure (in the order the steps were given) as it was thrown. */
        public void join() {
            Throwable first = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    first = first == null ? e.getCause() : first;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    first = first == null ? e : first;
                }
            }
            pool.shutdown();
            if (first instanceof RuntimeException r) {
                throw r;
            }
            if (first instanceof Error err) {
                throw err;
            }
            if (first != null) {
                throw new IllegalStateException(first);
            }
        }
    }

    /** Starts the steps, at most {@code threads} at a time, in the order given. */
    public static Running start(String name, int threads, List<Runnable> steps) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, steps.size())), r -> {
            Thread t = new Thread(r, "skysift-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> futures = new ArrayList<>();
        for (Runnable s : steps) {
            futures.add(pool.submit(s));
        }
        return new Running(pool, futures);
    }

    /** Runs the steps side by side and waits for all of them (see {@link Running#join}). */
    public static void run(String name, int threads, List<Runnable> steps) {
        start(name, threads, steps).join();
    }
}
