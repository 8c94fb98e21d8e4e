package io.tablemover.engine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A hook or throttler the operator picks by its factory's name, with the settings handed to the factory's
 * {@code create} (Trino-style: factory name → {@code factory.create(config)}). Written
 * {@code NAME[:key=value,…]} in {@code --hook} / {@code --throttler} and in {@code --config}, e.g.
 * {@code http:url=http://127.0.0.1:15000/throttler/check,interval-millis=200}. Immutable.
 *
 * @param name the factory's name, e.g. {@code shell}: lower-case letters, digits and dashes
 * @param config the settings, in the order given; keys are unique
 */
public record PluginSelection(String name, Map<String, String> config) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /**
     * @throws NullPointerException if a component is null
     */
    public PluginSelection {
        Objects.requireNonNull(name, "name");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /**
     * Parses {@code NAME[:key=value,…]}. The name ends at the first {@code :}; the settings are split at commas, and a
     * part without {@code =} belongs to the value before it (so a value may hold commas, e.g. a URL's query
     * {@code url=http://h/c?a=1,b=2} has the parts {@code url=http://h/c?a=1} and {@code b=2}: give such a value
     * last, or it is cut at the next {@code key=}). A value may hold {@code =} and {@code :}; blanks around keys
     * and values are removed.
     *
     * @param option where the text comes from, for messages, e.g. {@code --hook} or {@code hook.2 in --config}
     * @param text e.g. {@code recorder:file=/tmp/events.txt}
     * @return the selection
     * @throws InvalidInputException naming the option and the text: an empty or malformed name, a setting without
     *     {@code key=}, an empty key, or a key given twice
     */
    public static PluginSelection parse(String option, String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        int colon = t.indexOf(':');
        String name = (colon < 0 ? t : t.substring(0, colon)).strip();
        String example = option + " NAME[:key=value,...], e.g. " + option + " http:url=http://127.0.0.1:15000/throttler/check";
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInputException(option + " '" + text + "': '" + name + "' is not a plugin factory name"
                    + " (lower-case letters, digits and dashes); use " + example);
        }
        Map<String, String> config = new LinkedHashMap<>();
        if (colon >= 0 && !t.substring(colon + 1).isBlank()) {
            String last = null;
            for (String part : t.substring(colon + 1).split(",", -1)) {
                int eq = part.indexOf('=');
                String key = eq < 0 ? "" : part.substring(0, eq).strip();
                if (eq < 0 || !KEY.matcher(key).matches()) {
                    if (last == null) {
                        throw new InvalidInputException(option + " '" + text + "': '" + part.strip() + "' is not a"
                                + " key=value setting; use " + example);
                    }
                    config.put(last, config.get(last) + "," + part.strip());
                    continue;
                }
                if (config.containsKey(key)) {
                    throw new InvalidInputException(option + " '" + text + "': the setting " + key
                            + " is given twice; give it once");
                }
                config.put(key, part.substring(eq + 1).strip());
                last = key;
            }
        }
        return new PluginSelection(name, config);
    }

    /** @return {@code NAME[:key=value,…]}, as parsed */
    @Override
    public String toString() {
        if (config.isEmpty()) {
            return name;
        }
        java.util.StringJoiner settings = new java.util.StringJoiner(",", name + ":", "");
        config.forEach((k, v) -> settings.add(k + "=" + v));
        return settings.toString();
    }
}
