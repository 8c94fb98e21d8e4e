package io.tablemover.engine.cli;

import io.tablemover.engine.config.TlsMode;
import picocli.CommandLine.Option;

/** {@code --ssl-mode}, shared by every command that connects ({@code move}, {@code cancel}, {@code verify}, {@code status}). */
final class TlsOption {
    @Option(names = "--ssl-mode", paramLabel = "MODE",
            description = "TLS of every connection (JDBC and the binlog stream), as the mysql client's --ssl-mode:"
                    + " DISABLED, PREFERRED (default: TLS when offered, certificate not verified), REQUIRED, VERIFY_CA,"
                    + " VERIFY_IDENTITY (against the JVM's trust store; set it in JAVA_OPTS)")
    String sslMode = "PREFERRED";

    /** @throws io.tablemover.engine.config.InvalidInputException naming {@code --ssl-mode} for an unknown mode */
    TlsMode mode() {
        return TlsMode.parse("--ssl-mode", sslMode);
    }
}
