package dev.switchboard.contract.event;

/** An event on Kafka that does not follow the contract; consumers log it and move on instead of stalling. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }
}
