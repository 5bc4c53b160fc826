package dev.switchboard.worker.event;

/** The row of the dispatcher's table for one kind of {@link UserEvent}: its CloudEvent type and its kind's name. */
abstract class UserEventAdapter implements EventAdapter {

    private final String eventType;
    private final String kind;

    UserEventAdapter(String eventType, String kind) {
        this.eventType = eventType;
        this.kind = kind;
    }

    @Override
    public String eventType() {
        return eventType;
    }

    @Override
    public String kind() {
        return kind;
    }
}
