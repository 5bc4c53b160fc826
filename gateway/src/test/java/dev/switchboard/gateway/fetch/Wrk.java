package dev.switchboard.gateway.fetch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code wrk} (HTTP/1.1 keep-alive load, the tool the nginx figure was measured with): one run,
 * its requests per second, p50 and p99 latency, and how many answers were not 2xx/3xx.
 */
final class Wrk {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern NOT_OK = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$");

    /** One run's numbers; latencies in milliseconds. */
    record Result(double requestsPerSecond, long requests, double p50Millis, double p99Millis, long notOk) {}

    private Wrk() {}

    static boolean installed() {
        return Processes.onPath("wrk");
    }

    /** {@code wrk -t<threads> -c<connections> -d<seconds>s --latency} against {@code url} with {@code headers}. */
    static Result run(String url, Map<String, String> headers, int threads, int connections, int seconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency", "--timeout", "10s"));
        headers.forEach((name, value) -> {
            command.add("-H");
            command.add(name + ": " + value);
        });
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + output);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        for (String line : output.lines().toList()) {
            Matcher percentile = PERCENTILE.matcher(line);
            if (percentile.matches()) {
                double millis = millis(Double.parseDouble(percentile.group(2)), percentile.group(3));
                if ("50".equals(percentile.group(1))) {
                    p50 = millis;
                } else {
                    p99 = millis;
                }
            }
        }
        return new Result(
                number(RATE, output, "Requests/sec"),
                (long) number(REQUESTS, output, "requests"),
                p50,
                p99,
                NOT_OK.matcher(output).find() ? (long) number(NOT_OK, output, "non-2xx") : 0);
    }

    private static double number(Pattern pattern, String output, String what) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + what + " in wrk's output: " + output);
        }
        return Double.parseDouble(matcher.group(1));
    }

    private static double millis(double value, String unit) {
        return switch (unit) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
