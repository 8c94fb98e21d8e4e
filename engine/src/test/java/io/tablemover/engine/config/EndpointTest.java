package io.tablemover.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EndpointTest {
    @Test
    void parsesUrlsAndNeverShowsThePassword() {
        Endpoint e = Endpoint.parse("--source", "jdbc:mysql://db1.example:3307/shop", "mover", "hunter2");
        assertEquals("db1.example", e.host());
        assertEquals(3307, e.port());
        assertEquals("shop", e.database());
        assertFalse(e.toString().contains("hunter2"));
        assertEquals(3306, Endpoint.parse("--target", "jdbc:mysql://h/db", "u", null).port());
    }

    @Test
    void badUrlsNameTheOption() {
        InvalidInputException bad = assertThrows(InvalidInputException.class, () -> Endpoint.parse("--source", "mysql://h/db", "u", ""));
        assertTrue(bad.getMessage().startsWith("--source must look like jdbc:mysql://HOST:PORT/DATABASE"));
        assertThrows(InvalidInputException.class, () -> Endpoint.parse("--source", "jdbc:mysql://h:1/", "u", ""));
        assertThrows(InvalidInputException.class, () -> Endpoint.parse("--source", "jdbc:mysql://h:1/db?x=1", "u", ""));
        assertTrue(assertThrows(InvalidInputException.class, () -> Endpoint.parse("--target", "jdbc:mysql://h:1/db", null, ""))
                .getMessage().contains("--target-user"));
    }

    @Test
    void tlsModesAreTheMysqlClientsInAnyCaseAndAnUnknownOneNamesTheChoices() {
        assertEquals(TlsMode.PREFERRED, Endpoint.parse("--source", "jdbc:mysql://h/db", "u", "").tls());
        assertEquals(TlsMode.VERIFY_CA, TlsMode.parse("--ssl-mode", "verify-ca"));
        assertEquals(TlsMode.DISABLED, TlsMode.parse("--ssl-mode", "disabled"));
        assertEquals("--ssl-mode maybe: not a TLS mode; use one of DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY",
                assertThrows(InvalidInputException.class, () -> TlsMode.parse("--ssl-mode", "maybe")).getMessage());
        assertTrue(io.tablemover.engine.mysql.ServerPool.jdbcUrl(Endpoint.parse("--source", "jdbc:mysql://h/db", "u", "")
                .withTls(TlsMode.DISABLED)).contains("&sslMode=DISABLED&"));
    }
}
