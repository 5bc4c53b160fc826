package dev.switchboard.contract.event;

import java.net.URI;

/** CloudEvent {@code source} values: which service, on which node, produced an event. */
public final class ServiceSources {

    private ServiceSources() {}

    public static URI of(String service, String nodeId) {
        return URI.create("/switchboard/" + service + "/" + nodeId);
    }
}
