package io.fluxkv.aof.tools;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final StringWriter err = new StringWriter();
    private final AtomicInteger outputFlushes = new AtomicInteger();
    private final Progress progress =
            new Progress(new PrintWriter(err), "check", 2_000, outputFlushes::incrementAndGet, now::get);

    @Test
    void redrawsAtMostTenTimesASecondWithPercentAndRecordsPerSecond() {
        advanceMillis(50);
        progress.update(500, 100);
        assertThat(err.toString()).as("too early for a first draw").isEmpty();

        advanceMillis(100);
        progress.update(1_000, 1_500);
        assertThat(err.toString()).isEqualTo("\rcheck  50%  1,500 records  10,000 records/s");
        assertThat(outputFlushes.get()).as("the command's output is flushed before the bar").isEqualTo(1);

        advanceMillis(50);
        progress.update(1_500, 1_600);
        assertThat(err.toString()).as("within 100 ms of the last draw").hasSize(44);

        advanceMillis(100);
        progress.update(2_000, 2_500);
        assertThat(err.toString()).endsWith("\rcheck 100%  2,500 records  8,333 records/s ");
    }

    @Test
    void hideClearsTheLineOnce() {
        advanceMillis(200);
        progress.update(100, 10);
        String drawn = err.toString();

        progress.hide();
        progress.hide();

        String bar = drawn.substring(1);
        assertThat(err.toString()).isEqualTo(drawn + "\r" + " ".repeat(bar.length()) + "\r");
    }

    private void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
