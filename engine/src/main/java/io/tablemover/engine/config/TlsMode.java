package io.tablemover.engine.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the connections to a server use TLS ({@code --ssl-mode}): the names and meanings of the MySQL client's
 * {@code --ssl-mode} and Connector/J's {@code sslMode}, used for every JDBC connection and the binlog stream alike.
 * The server's certificate is checked against the JVM's trust store ({@code -Djavax.net.ssl.trustStore=…} in
 * {@code JAVA_OPTS}) with {@link #VERIFY_CA} and {@link #VERIFY_IDENTITY} only.
 */
public enum TlsMode {
    /** No TLS: for a trusted network (on the bench's loopback connections it was no faster than TLS). */
    DISABLED,
    /** TLS when the server offers it (MySQL 8.0 always does), the certificate not verified. The default. */
    PREFERRED,
    /** TLS or no connection, the certificate not verified. */
    REQUIRED,
    /** TLS, the server's certificate signed by a CA of the trust store. */
    VERIFY_CA,
    /** {@link #VERIFY_CA}, and the certificate names the host connected to. */
    VERIFY_IDENTITY;

    /** @return true if the server's certificate is verified */
    public boolean verifies() {
        return this == VERIFY_CA || this == VERIFY_IDENTITY;
    }

    /**
     * Parses a mode, in any case ({@code disabled}, {@code VERIFY_CA}, {@code verify-ca}).
     *
     * @param option the option or setting it came from, named in the error
     * @throws InvalidInputException listing the modes, if {@code text} is none of them
     */
    public static TlsMode parse(String option, String text) {
        String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidInputException(option + " " + text + ": not a TLS mode; use one of "
                        + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))));
    }
}
