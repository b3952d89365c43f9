package io.fluxkv.server.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what an in-process node logs under one logger (a class of the node, or "io.fluxkv" for all), for tests
 * whose expected outcome is a warning or an error message. Close to stop collecting.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(String loggerName) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender.start();
        logger.addAppender(appender);
    }

    public static LogCapture of(String loggerName) {
        return new LogCapture(loggerName);
    }

    public static LogCapture of(Class<?> type) {
        return of(type.getName());
    }

    /** The formatted messages logged so far, oldest first. */
    public List<String> messages() {
        synchronized (appender) {
            List<String> messages = new ArrayList<>();
            for (ILoggingEvent event : new ArrayList<>(appender.list)) {
                messages.add(event.getLevel() + " " + event.getFormattedMessage());
            }
            return messages;
        }
    }

    /** Waits until a message containing {@code text} is logged; returns it. */
    public String await(String text, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(10))
                .until(() -> messages().stream().anyMatch(m -> m.contains(text)));
        return messages().stream().filter(m -> m.contains(text)).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
