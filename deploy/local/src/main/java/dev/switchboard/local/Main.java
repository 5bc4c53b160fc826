package dev.switchboard.local;

/**
 * Entry point of {@code java -jar deploy/local/target/switchboard-local.jar}. Routes java.util.logging (and so
 * Kafka's and our own logging) through JBoss LogManager before any logger exists, then runs the suite.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        System.exit(LocalSuite.run(args));
    }
}
