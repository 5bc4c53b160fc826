package dev.switchboard.push.config;

import java.util.HashMap;
import java.util.Map;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** push-service's configuration as Quarkus would read it from {@code properties}, without starting it. */
public final class TestPushConfig {

    private TestPushConfig() {}

    public static SmallRyeConfig config(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.put("quarkus.uuid", "test-node");
        all.putIfAbsent("switchboard.push.vapid.key-encryption-key", "dGVzdC1vbmx5LXZhcGlkLWtleS1lbmNyeXB0aW9uISE=");
        return new SmallRyeConfigBuilder()
                .withMapping(PushConfig.class)
                .withSources(new PropertiesConfigSource(all, "test", 500))
                .build();
    }

    public static PushConfig of(Map<String, String> properties) {
        return config(properties).getConfigMapping(PushConfig.class);
    }
}
