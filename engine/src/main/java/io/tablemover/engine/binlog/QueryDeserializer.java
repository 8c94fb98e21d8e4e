package io.tablemover.engine.binlog;

import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * QUERY events (and EXECUTE_LOAD_QUERY events, the same fields after 13 more post-header bytes) decoded without the
 * JVM's default charset: the database name as UTF-8 (the server's system character set; null if it is not valid
 * UTF-8) and the statement as UTF-8, or, when it is not valid UTF-8, in the session's {@code character_set_client}
 * (the event's {@code Q_CHARSET_CODE} status variable).
 */
final class QueryDeserializer implements EventDataDeserializer<QueryEventData> {
    private final int extraPostHeader;

    /** @param extraPostHeader bytes after the QUERY post-header: 0 for QUERY, 13 for EXECUTE_LOAD_QUERY */
    QueryDeserializer(int extraPostHeader) {
        this.extraPostHeader = extraPostHeader;
    }

    @Override
    public QueryEventData deserialize(ByteArrayInputStream in) throws IOException {
        QueryEventData q = new QueryEventData();
        q.setThreadId(in.readLong(4));
        q.setExecutionTime(in.readLong(4));
        int dbLength = in.readInteger(1);
        q.setErrorCode(in.readInteger(2));
        int statusLength = in.readInteger(2);
        in.skip(extraPostHeader);
        byte[] status = in.read(statusLength);
        q.setDatabase(utf8OrNull(in.read(dbLength)));
        in.skip(1); // NUL after the database name
        byte[] sql = in.read(in.available());
        String text = utf8OrNull(sql);
        q.setSql(text != null ? text : new String(sql, clientCharset(status)));
        return q;
    }

    /** @return {@code b} decoded as UTF-8, or null if it is not valid UTF-8 */
    static String utf8OrNull(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The session's {@code character_set_client} from the status variables; UTF-8 if it cannot be told. */
    private static Charset clientCharset(byte[] status) {
        try {
            int collation = clientCollation(status);
            if (collation > 0) {
                return BinlogKeyDecoder.javaCharset(
                        com.mysql.cj.CharsetMapping.getStaticMysqlCharsetNameForCollationIndex(collation));
            }
        } catch (RuntimeException unknown) {
            // a collation or character set without a Java equivalent
        }
        return StandardCharsets.UTF_8;
    }

    /**
     * Walks the status variables (MySQL's {@code Query_event} codes, in the order the server writes them) up to
     * {@code Q_CHARSET_CODE}; stops at a code it does not know.
     *
     * @return the collation id of {@code character_set_client}, or -1
     */
    private static int clientCollation(byte[] s) {
        int i = 0;
        try {
            while (i < s.length) {
                int code = s[i++] & 0xFF;
                switch (code) {
                    case 0, 3, 10 -> i += 4;                 // Q_FLAGS2_CODE, Q_AUTO_INCREMENT, Q_MASTER_DATA_WRITTEN_CODE
                    case 1, 9 -> i += 8;                     // Q_SQL_MODE_CODE, Q_TABLE_MAP_FOR_UPDATE_CODE
                    case 2 -> i += 2 + (s[i] & 0xFF);        // Q_CATALOG_CODE: length, name, NUL
                    case 4 -> {                              // Q_CHARSET_CODE: client, connection, server
                        return (s[i] & 0xFF) | (s[i + 1] & 0xFF) << 8;
                    }
                    case 5, 6 -> i += 1 + (s[i] & 0xFF);     // Q_TIME_ZONE_CODE, Q_CATALOG_NZ_CODE
                    case 7, 8 -> i += 2;                     // Q_LC_TIME_NAMES_CODE, Q_CHARSET_DATABASE_CODE
                    case 11 -> {                             // Q_INVOKER: user, host
                        i += 1 + (s[i] & 0xFF);
                        i += 1 + (s[i] & 0xFF);
                    }
                    default -> {
                        return -1;
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException truncated) {
            return -1;
        }
        return -1;
    }
}
