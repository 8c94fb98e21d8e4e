package io.tablemover.engine.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tablemover.engine.schema.Bytes;
import io.tablemover.engine.schema.Column;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BinlogKeyDecoderTest {
    private static Column col(String type, String columnType, String charset, long len) {
        return new Column("c", 1, type, columnType, charset, len, 6, false, false);
    }

    @Test
    void unsignedIntegersArriveSignedAndAreWidened() {
        assertEquals(255L, BinlogKeyDecoder.decode(col("tinyint", "tinyint unsigned", null, 0), -1));
        assertEquals(65535L, BinlogKeyDecoder.decode(col("smallint", "smallint unsigned", null, 0), -1));
        assertEquals(16777215L, BinlogKeyDecoder.decode(col("mediumint", "mediumint unsigned", null, 0), -1));
        assertEquals(4294967295L, BinlogKeyDecoder.decode(col("int", "int unsigned", null, 0), -1));
        assertEquals(new BigInteger("18446744073709551615"), BinlogKeyDecoder.decode(col("bigint", "bigint unsigned", null, 0), -1L));
        assertEquals(-1L, BinlogKeyDecoder.decode(col("bigint", "bigint", null, 0), -1L));
    }

    @Test
    void stringsUseTheColumnCharsetAndBinaryGetsItsPadBack() {
        assertEquals("\u00e9\u20ac", BinlogKeyDecoder.decode(col("varchar", "varchar(10)", "latin1", 10),
                "\u00e9\u20ac".getBytes(java.nio.charset.Charset.forName("windows-1252"))));
        assertEquals("\uD83D\uDE80 ", BinlogKeyDecoder.decode(col("varchar", "varchar(10)", "utf8mb4", 40),
                "\uD83D\uDE80 ".getBytes(StandardCharsets.UTF_8)));
        byte[] padded = (byte[]) BinlogKeyDecoder.decode(col("binary", "binary(4)", null, 4), new byte[] {1, 0});
        assertEquals(new Bytes(new byte[] {1, 0, 0, 0}), new Bytes(padded));
    }

    @Test
    void temporalValuesBecomeMysqlText() {
        long micros = 1_700_000_000_123_400L; // 2023-11-14 22:13:20.1234 UTC
        assertEquals("2023-11-14 22:13:20.1234", BinlogKeyDecoder.decode(col("datetime", "datetime(6)", null, 0), micros));
        assertEquals("2023-11-14 22:13:20", BinlogKeyDecoder.decode(col("timestamp", "timestamp", null, 0), 1_700_000_000_000_000L));
        assertEquals("2023-11-14", BinlogKeyDecoder.decode(col("date", "date", null, 0), 1_699_920_000_000_000L));
    }
}
