package io.tablemover.demo.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * {@code BENCH_REPEAT}: the figures of several runs of one scenario. The report shows the <em>median run</em> (by one
 * figure, so that all its figures come from the same move), and a line per scenario gives every run's key figures, so
 * the spread shows.
 */
final class Repeats {
    private Repeats() {}

    /**
     * @param runs one or more runs of the same scenario, in the order they ran
     * @param by the figure that orders them (e.g. copy rows/s)
     * @return the run whose {@code by} is the median (the lower middle one for an even count)
     */
    static <T> T medianRun(List<T> runs, ToDoubleFunction<T> by) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs");
        }
        List<T> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(by));
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** @return the median of {@code values} (the lower middle one for an even count) */
    static double median(List<Double> values) {
        return medianRun(values, Double::doubleValue);
    }

    /** @return e.g. {@code copy rows/s 70113 / 68012 / 71020} (in run order), each value formatted by {@code format} */
    static <T> String spread(String name, List<T> runs, ToDoubleFunction<T> figure, String format) {
        return name + " " + runs.stream().map(r -> String.format(Locale.ROOT, format, figure.applyAsDouble(r)))
                .collect(Collectors.joining(" / "));
    }
}
