package dev.switchboard.worker.event;

import dev.switchboard.contract.event.SwitchboardEvents;
import io.cloudevents.CloudEvent;

/**
 * The base of the events about one user that push-service or a client's notification frames wake a worker with
 * (push, subscription change, notification click and close, sync): the user; each kind reads its own data, a typed
 * record of the contract ({@code PushMessages}, {@code NotificationMessages}, {@code SyncMessages}).
 */
abstract class UserEvent extends EventContext {

    private final String userId;

    UserEvent(EventContext.Seed seed, CloudEvent event) {
        super(seed);
        this.userId = SwitchboardEvents.userId(event);
    }

    public String userId() {
        return userId;
    }

    @Override
    public EventUser user() {
        return EventUser.of(userId);
    }
}
