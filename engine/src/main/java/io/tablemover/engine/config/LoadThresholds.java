package io.tablemover.engine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The value of {@code --max-load} or {@code --critical-load}: a comma list of {@code SHOW GLOBAL STATUS}
 * variables and thresholds, e.g. {@code Threads_running=50,Threads_connected=500}, as in gh-ost. A variable
 * whose value <em>reaches</em> its threshold ({@code value >= threshold}, gh-ost's rule) trips the option.
 * Immutable.
 *
 * @param option the option the value came from, e.g. {@code --max-load}; named in messages
 * @param thresholds variable name (as given) → threshold, in the given order; not empty
 */
public record LoadThresholds(String option, Map<String, Long> thresholds) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    public LoadThresholds {
        thresholds = Collections.unmodifiableMap(new LinkedHashMap<>(thresholds));
        if (thresholds.isEmpty()) {
            throw new IllegalArgumentException("no thresholds");
        }
    }

    /**
     * Parses {@code NAME=THRESHOLD[,NAME=THRESHOLD...]}.
     *
     * @param option the option, e.g. {@code --max-load}, named in errors
     * @param text the option's value
     * @throws InvalidInputException one line naming the option, the bad part and the expected form
     */
    public static LoadThresholds parse(String option, String text) {
        String expected = option + " must look like 'Threads_running=50,Threads_connected=500' (GLOBAL STATUS"
                + " variable=threshold, comma-separated, thresholds are whole numbers)";
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(option + " is empty: " + expected);
        }
        Map<String, Long> parsed = new LinkedHashMap<>();
        for (String part : text.split(",", -1)) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw new InvalidInputException(option + ": '" + p + "' has no '=': " + expected);
            }
            String name = p.substring(0, eq).trim();
            String value = p.substring(eq + 1).trim();
            if (!NAME.matcher(name).matches()) {
                throw new InvalidInputException(option + ": '" + name + "' is not a status variable name: " + expected);
            }
            long threshold;
            try {
                threshold = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(option + ": the threshold of " + name + " is '" + value
                        + "', not a whole number: " + expected);
            }
            if (threshold < 0) {
                throw new InvalidInputException(option + ": the threshold of " + name + " is negative (" + threshold
                        + "): " + expected);
            }
            for (String seen : parsed.keySet()) {
                if (seen.equalsIgnoreCase(name)) {
                    throw new InvalidInputException(option + ": " + name + " is given twice: " + expected);
                }
            }
            parsed.put(name, threshold);
        }
        return new LoadThresholds(option, parsed);
    }

    /** @return the threshold of a variable, matched case-insensitively (MySQL's rule), or null */
    public Long threshold(String variable) {
        for (Map.Entry<String, Long> e : thresholds.entrySet()) {
            if (e.getKey().equalsIgnoreCase(variable)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** @return the variable names, lower-cased */
    public java.util.Set<String> lowerCaseNames() {
        return thresholds.keySet().stream().map(n -> n.toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    /** @return the option's value in canonical form, e.g. {@code Threads_running=50,Threads_connected=500} */
    @Override
    public String toString() {
        return thresholds.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
