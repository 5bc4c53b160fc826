package dev.switchboard.contract.hazelcast;

import java.util.Optional;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.PermissionConfig;
import com.hazelcast.config.SSLConfig;
import com.hazelcast.config.security.RealmConfig;
import com.hazelcast.config.security.SimpleAuthenticationConfig;
import com.hazelcast.instance.BuildInfoProvider;

/**
 * TLS and credentials between members and clients (docs/security.md, "Grid"). Both are Hazelcast Enterprise
 * features: with the Community Edition jar this project ships, asking for either fails at start-up with this
 * said, rather than running unprotected while the settings claim otherwise. Without them, the grid's protection is
 * its network: loopback locally, a NetworkPolicy that admits only Switchboard's pods on Kubernetes.
 *
 * @param tls encrypt (and, with a trust store, mutually authenticate) every member and client connection
 * @param keyStore path of the PKCS#12 key store holding this process's certificate
 * @param keyStorePassword its password
 * @param trustStore path of the trust store of the certificates to accept
 * @param trustStorePassword its password
 * @param username a client's identity, and the one identity a member accepts
 * @param password its password
 */
public record GridSecurity(
        boolean tls,
        Optional<String> keyStore,
        Optional<String> keyStorePassword,
        Optional<String> trustStore,
        Optional<String> trustStorePassword,
        Optional<String> username,
        Optional<String> password) {

    public static final GridSecurity NONE = new GridSecurity(
            false,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());

    private static final String SSL_FACTORY = "com.hazelcast.nio.ssl.BasicSSLContextFactory";

    public static GridSecurity of(HazelcastSettings.Security settings) {
        return new GridSecurity(
                settings.tls().enabled(),
                settings.tls().keyStore(),
                settings.tls().keyStorePassword(),
                settings.tls().trustStore(),
                settings.tls().trustStorePassword(),
                settings.username(),
                settings.password());
    }

    boolean credentials() {
        return username.isPresent();
    }

    void applyTo(Config member) {
        requireEnterprise();
        if (tls) {
            member.getNetworkConfig().setSSLConfig(ssl());
        }
        if (credentials()) {
            member.getSecurityConfig()
                    .setEnabled(true)
                    .setClientRealmConfig(
                            "switchboard",
                            new RealmConfig()
                                    .setSimpleAuthenticationConfig(new SimpleAuthenticationConfig()
                                            .addUser(username.get(), password.orElse(""), "switchboard")))
                    .addClientPermissionConfig(
                            new PermissionConfig(PermissionConfig.PermissionType.ALL, "*", "switchboard"));
        }
    }

    void applyTo(ClientConfig client) {
        requireEnterprise();
        if (tls) {
            client.getNetworkConfig().setSSLConfig(ssl());
        }
        if (credentials()) {
            client.getSecurityConfig().setUsernamePasswordIdentityConfig(username.get(), password.orElse(""));
        }
    }

    private SSLConfig ssl() {
        SSLConfig ssl = new SSLConfig()
                .setEnabled(true)
                .setFactoryClassName(SSL_FACTORY)
                .setProperty("protocol", "TLSv1.3");
        keyStore.ifPresent(path -> ssl.setProperty("keyStore", path));
        keyStorePassword.ifPresent(secret -> ssl.setProperty("keyStorePassword", secret));
        trustStore.ifPresent(
                path -> ssl.setProperty("trustStore", path).setProperty("mutualAuthentication", "REQUIRED"));
        trustStorePassword.ifPresent(secret -> ssl.setProperty("trustStorePassword", secret));
        return ssl;
    }

    private void requireEnterprise() {
        if ((tls || credentials()) && !BuildInfoProvider.getBuildInfo().isEnterprise()) {
            throw new IllegalStateException("switchboard.hazelcast.tls / username need Hazelcast Enterprise (TLS and "
                    + "member/client authentication are Enterprise features); this build has the Community Edition. "
                    + "Protect the grid by its network instead (docs/security.md, \"Grid\")");
        }
    }
}
