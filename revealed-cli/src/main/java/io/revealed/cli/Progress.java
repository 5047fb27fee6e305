package io.revealed.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on standard error for long work, or nothing when quiet. Closing it clears nothing:
 * the final state stays on screen above the summary.
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) { this.bar = bar; }

    /** @param max the total, or -1 when unknown */
    static Progress start(String task, long max, boolean enabled) {
        if (!enabled) return new Progress(null);
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
        return new Progress(bar);
    }

    void stepTo(long n) {
        if (bar != null) bar.stepTo(n);
    }

    void message(String extra) {
        if (bar != null) bar.setExtraMessage(extra);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
