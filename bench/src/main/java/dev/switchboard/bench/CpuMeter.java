package dev.switchboard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.switchboard.local.ServiceProcess;

/**
 * CPU time the processes of the benchmark spend per round trip of a measured window: the services' processes and
 * this JVM (broker, Hazelcast member and the load's clients). Read from the OS before and after the window, so it
 * holds up on a machine busy with other work, where throughput does not: another build slows a run down, but
 * barely changes what each round trip costs.
 */
final class CpuMeter {

    private final Map<String, ProcessHandle> processes = new LinkedHashMap<>();

    CpuMeter(ServiceProcess... services) {
        for (ServiceProcess service : services) {
            processes.put(
                    service.name(),
                    ProcessHandle.of(service.pid())
                            .orElseThrow(() -> new IllegalStateException(service.name() + " is not running")));
        }
        processes.put("bench", ProcessHandle.current());
    }

    /** The CPU time so far of every process, in its order. */
    long[] sample() {
        return processes.values().stream()
                .mapToLong(
                        p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .toArray();
    }

    /**
     * What every process spent between {@code before} and {@code after}, {@code seconds} apart, per one of
     * {@code roundTrips}.
     */
    Usage since(long[] before, long[] after, int roundTrips, double seconds) {
        List<String> names = new ArrayList<>(processes.keySet());
        double[] micros = new double[before.length];
        double[] cores = new double[before.length];
        for (int i = 0; i < micros.length; i++) {
            micros[i] = roundTrips == 0 ? Double.NaN : (after[i] - before[i]) / 1e3 / roundTrips;
            cores[i] = (after[i] - before[i]) / 1e9 / seconds;
        }
        return new Usage(names, micros, cores);
    }

    /**
     * Microseconds of CPU per round trip, per process, and the cores each kept busy: a process's work in the
     * background (polling, timers, GC, the JIT) counts too, which weighs in when there are few round trips.
     */
    record Usage(List<String> names, double[] micros, double[] cores) {

        double total() {
            double sum = 0;
            for (double value : micros) {
                sum += value;
            }
            return sum;
        }

        @Override
        public String toString() {
            StringBuilder line = new StringBuilder("CPU per round trip:");
            for (int i = 0; i < micros.length; i++) {
                line.append(String.format(" %s %.0f µs (%.2f cores),", names.get(i), micros[i], cores[i]));
            }
            return line.append(String.format(" total %.0f µs", total())).toString();
        }
    }
}
