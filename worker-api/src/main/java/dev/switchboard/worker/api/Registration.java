package dev.switchboard.worker.api;

import java.util.Map;
import java.util.Optional;

/** {@code self.registration}: a {@code ServiceWorkerRegistration} as its own worker sees it. */
public interface Registration {

    /** The registration's id, stable for its life. */
    String id();

    /** The scope URL, e.g. {@code https://shop.example/app/}. */
    String scope();

    /** The version (bundle digest) installing, waiting and active, when there is one. */
    Optional<String> installing();

    Optional<String> waiting();

    Optional<String> active();

    /**
     * {@code registration.showNotification(title, options)} for one user: the notification reaches every
     * connected client of that user through the gateway (Web Push is the push-service's way when none is
     * connected). {@code options} are the browser's ({@code body}, {@code tag}, {@code data}, {@code actions}…).
     */
    void showNotification(String userId, String title, Map<String, Object> options);

    /** {@code registration.sync.register(tag)} for one user, with a payload the {@code sync} event gets back. */
    void registerSync(String userId, String tag, Object payload);
}
