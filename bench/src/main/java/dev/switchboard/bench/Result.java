package dev.switchboard.bench;

/** One measured run: round trips per second, latency percentiles and what the round trips cost in CPU. */
record Result(
        String system,
        int clients,
        double perSecond,
        double p50,
        double p99,
        int samples,
        String hops,
        CpuMeter.Usage cpu) {

    static Result of(String system, int clients, Latencies latencies, double seconds, String hops, CpuMeter.Usage cpu) {
        return new Result(
                system,
                clients,
                latencies.count() / seconds,
                latencies.millis(0.5),
                latencies.millis(0.99),
                latencies.count(),
                hops,
                cpu);
    }

    @Override
    public String toString() {
        return String.format(
                        "%-11s %5d clients: %8.0f round trips/s  p50 %7.1f ms  p99 %7.1f ms  (%d samples)",
                        system, clients, perSecond, p50, p99, samples)
                + "\n    " + cpu + (hops == null ? "" : "\n    " + hops);
    }
}
