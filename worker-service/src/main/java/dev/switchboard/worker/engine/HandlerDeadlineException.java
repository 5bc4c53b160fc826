package dev.switchboard.worker.engine;

import java.time.Duration;

/** A handler ran past its deadline: the event fails, the thread is interrupted (and abandoned if it goes on). */
public final class HandlerDeadlineException extends RuntimeException {

    public HandlerDeadlineException(Duration deadline) {
        super("the handler did not finish within its deadline of " + deadline);
    }
}
