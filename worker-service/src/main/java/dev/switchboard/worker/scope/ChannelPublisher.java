package dev.switchboard.worker.scope;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.channel.ChannelNames;
import dev.switchboard.contract.channel.MessagePorts;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.problem.ProblemType;
import io.cloudevents.CloudEvent;

/**
 * The sending side of a publication from the server (a handler's {@code self.channel(name).postMessage}, the
 * {@code POST /channels/{channel}/publications} API): one {@code dev.switchboard.channel.publication} record keyed
 * by the channel, which every gateway node writes to its subscribers. The server may publish to any channel whose
 * namespace is configured; clients' publish rules do not bind it.
 */
public class ChannelPublisher {

    /** A publication that cannot be made, with the problem an API answers it with. */
    public static final class Refused extends IllegalArgumentException {
        private final transient ProblemType problem;

        Refused(ProblemType problem, String message) {
            super(message);
            this.problem = problem;
        }

        public ProblemType problem() {
            return problem;
        }
    }

    private final ChannelNames names;
    private final int maxBytes;
    private final ObjectMapper json;
    private final URI source;

    /** @param maxBytes {@code switchboard.channels.max-publication-bytes} */
    public ChannelPublisher(ChannelNames names, int maxBytes, ObjectMapper json, URI source) {
        this.names = names;
        this.maxBytes = maxBytes;
        this.json = json;
        this.source = source;
    }

    /** {@code switchboard.channels.max-message-channels-per-event}. */
    public int maxMessageChannelsPerEvent() {
        return names.settings().maxMessageChannelsPerEvent();
    }

    /** How long an event may hold a MessageChannel port ({@link MessagePorts#eventHoldingTime}). */
    public Duration eventHoldingTime() {
        return MessagePorts.eventHoldingTime(names.settings());
    }

    /** The record posting {@code message} on {@code port}: it arrives in the other end's inbox. */
    public CloudEvent portMessage(String port, Object message) {
        return MessagePorts.message(source, port, null, null, requireFits("a port message", written(message)));
    }

    /** The records telling the holders of both ends of {@code port}'s MessageChannel that it is closed. */
    public List<CloudEvent> portClosed(String port) {
        return MessagePorts.closed(source, port);
    }

    /** Throws {@link Refused} unless {@code channel} is a valid name in a configured namespace. */
    public void requireChannel(String channel) {
        ChannelNames.Verdict verdict = names.publishAsServer(channel);
        switch (verdict.outcome()) {
            case ALLOWED -> {
                return;
            }
            case BAD_NAME -> throw new Refused(ProblemType.BAD_REQUEST, verdict.reason());
            case UNKNOWN_NAMESPACE -> throw new Refused(ProblemType.UNKNOWN_CHANNEL, verdict.reason());
            // publishAsServer answers only whether the channel exists: no rule applies to the server.
            case NOT_ALLOWED, ASK_WORKER -> throw new Refused(ProblemType.FORBIDDEN, verdict.reason());
        }
    }

    /** The record publishing {@code message}, written as JSON. */
    public CloudEvent publication(String channel, Object message) {
        return publication(channel, written(message));
    }

    /** The record publishing {@code jsonBytes} (already JSON). */
    public CloudEvent publication(String channel, byte[] jsonBytes) {
        requireChannel(channel);
        return SwitchboardEvents.channelPublication(
                source, channel, null, null, false, requireFits("a publication", jsonBytes));
    }

    private byte[] written(Object message) {
        try {
            return json.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("postMessage needs a JSON-serialisable message", e);
        }
    }

    /** {@code jsonBytes}, unless it is larger than {@code switchboard.channels.max-publication-bytes}. */
    private byte[] requireFits(String what, byte[] jsonBytes) {
        if (jsonBytes.length > maxBytes) {
            throw new Refused(
                    ProblemType.TOO_LARGE,
                    what + " is " + jsonBytes.length + " bytes of JSON; at most " + maxBytes
                            + " are allowed (switchboard.channels.max-publication-bytes)");
        }
        return jsonBytes;
    }
}
