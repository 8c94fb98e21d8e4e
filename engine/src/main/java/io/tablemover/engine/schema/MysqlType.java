package io.tablemover.engine.schema;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A MySQL data type: one constant for each value MySQL 8.0 reports in {@code information_schema.COLUMNS.DATA_TYPE}
 * (aliases such as {@code INTEGER}, {@code REAL} or {@code BOOL} are reported as the type they stand for). It is
 * parsed once, when a {@link Column} is built, and is the one place that knows what the engine does with a type:
 * how a value is read over JDBC ({@link #read()}), whether it is selected through a DOUBLE
 * ({@link #readAsDouble()}), whether it may be a copy key ({@link #mayBeKey()}) and what its key parts look like
 * ({@link #temporalKey()}, {@link #integerBits()}), and whether its bytes are text in the column's character set
 * ({@link #charsetMatters()}).
 */
public enum MysqlType {
    // DATA_TYPE, family, whether it may be a copy key, and for integers the width in bits
    TINYINT("tinyint", Family.INTEGER, true, 8),
    SMALLINT("smallint", Family.INTEGER, true, 16),
    MEDIUMINT("mediumint", Family.INTEGER, true, 24),
    INT("int", Family.INTEGER, true, 32),
    BIGINT("bigint", Family.INTEGER, true, 64),
    DECIMAL("decimal", Family.DECIMAL, true),
    FLOAT("float", Family.FLOATING_POINT, false),
    DOUBLE("double", Family.FLOATING_POINT, false),
    BIT("bit", Family.BIT, false),
    DATE("date", Family.DATE_TIME, true),
    DATETIME("datetime", Family.DATE_TIME, true),
    TIMESTAMP("timestamp", Family.DATE_TIME, true),
    TIME("time", Family.TIME, false),
    YEAR("year", Family.YEAR, false),
    CHAR("char", Family.TEXT, true),
    VARCHAR("varchar", Family.TEXT, true),
    TINYTEXT("tinytext", Family.TEXT, false),
    TEXT("text", Family.TEXT, false),
    MEDIUMTEXT("mediumtext", Family.TEXT, false),
    LONGTEXT("longtext", Family.TEXT, false),
    BINARY("binary", Family.BINARY, true),
    VARBINARY("varbinary", Family.BINARY, true),
    TINYBLOB("tinyblob", Family.BINARY, false),
    BLOB("blob", Family.BINARY, false),
    MEDIUMBLOB("mediumblob", Family.BINARY, false),
    LONGBLOB("longblob", Family.BINARY, false),
    ENUM("enum", Family.ENUM, false),
    SET("set", Family.SET, false),
    JSON("json", Family.JSON, false),
    GEOMETRY("geometry", Family.SPATIAL, false),
    POINT("point", Family.SPATIAL, false),
    LINESTRING("linestring", Family.SPATIAL, false),
    POLYGON("polygon", Family.SPATIAL, false),
    MULTIPOINT("multipoint", Family.SPATIAL, false),
    MULTILINESTRING("multilinestring", Family.SPATIAL, false),
    MULTIPOLYGON("multipolygon", Family.SPATIAL, false),
    /** MySQL 8.0 reports GEOMETRYCOLLECTION as {@code geomcollection}; 5.7's {@code geometrycollection} is read as it. */
    GEOMCOLLECTION("geomcollection", Family.SPATIAL, false);

    /** The kinds of MySQL type; the members of a family are read, written and compared alike. */
    public enum Family {
        /** TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT (signed or UNSIGNED). */
        INTEGER(Read.OBJECT, false),
        /** DECIMAL (NUMERIC). */
        DECIMAL(Read.BIG_DECIMAL, false),
        /** FLOAT and DOUBLE (REAL). */
        FLOATING_POINT(Read.TEXT, false),
        /** DATE, DATETIME and TIMESTAMP. */
        DATE_TIME(Read.RAW_TEXT, false),
        /** TIME, a signed duration up to ±838:59:59. */
        TIME(Read.RAW_TEXT, false),
        /** YEAR. */
        YEAR(Read.OBJECT, false),
        /** CHAR, VARCHAR and the TEXT types: characters in the column's character set. */
        TEXT(Read.TEXT, true),
        /** BINARY, VARBINARY and the BLOB types: bytes. */
        BINARY(Read.BYTES, false),
        /** BIT(n). */
        BIT(Read.BYTES, false),
        /** ENUM, read and written as its member's text. */
        ENUM(Read.TEXT, true),
        /** SET, read and written as its members' text. */
        SET(Read.TEXT, true),
        /** JSON, read and written as its text (always utf8mb4). */
        JSON(Read.TEXT, false),
        /** GEOMETRY and its subtypes, in MySQL's internal format (SRID and WKB). */
        SPATIAL(Read.BYTES, false);

        private final Read read;
        private final boolean charset;

        Family(Read read, boolean charset) {
            this.read = read;
            this.charset = charset;
        }
    }

    /**
     * How a value of a type is read off a JDBC result set so that writing it back stores the same value. Numbers are
     * exact Java numbers, binary data bytes, and everything else the server's own text, which MySQL parses back to
     * the same value (both sessions run with {@code time_zone='+00:00'}).
     */
    public enum Read {
        /** {@code ResultSet.getObject}: the driver's exact Java number (integers, YEAR). */
        OBJECT,
        /** {@code ResultSet.getBigDecimal} (DECIMAL). */
        BIG_DECIMAL,
        /** {@code ResultSet.getBytes} (binary strings, BLOBs, BIT, spatial values). */
        BYTES,
        /** {@code ResultSet.getString}: the server's text as the driver decodes it. */
        TEXT,
        /**
         * The server's text byte for byte ({@code ResultSet.getBytes} as ASCII), for the temporal types. For TIME,
         * Connector/J's {@code getString} re-formats the value through a parsed one and drops the sign of values between
         * -1 hour and 0 ({@code '-00:00:01'} reads as {@code '00:00:01'}); for DATE, DATETIME and TIMESTAMP it formats
         * through {@code String.format}, which was a third of the copy's CPU (issue 10's profile). The server's text is
         * exact and is what MySQL parses back.
         */
        RAW_TEXT
    }

    private static final Map<String, MysqlType> BY_DATA_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(MysqlType::dataType, Function.identity()));

    private final String dataType;
    private final Family family;
    private final boolean key;
    private final int integerBits;

    MysqlType(String dataType, Family family, boolean key) {
        this(dataType, family, key, 0);
    }

    MysqlType(String dataType, Family family, boolean key, int integerBits) {
        this.dataType = dataType;
        this.family = family;
        this.key = key;
        this.integerBits = integerBits;
    }

    /**
     * @param dataType a {@code DATA_TYPE} value, in any case
     * @return its type, or empty if tablemover does not know it
     */
    public static Optional<MysqlType> find(String dataType) {
        String t = dataType.toLowerCase(Locale.ROOT);
        return Optional.ofNullable(t.equals("geometrycollection") ? GEOMCOLLECTION : BY_DATA_TYPE.get(t));
    }

    /**
     * @param dataType a {@code DATA_TYPE} value, in any case
     * @throws IllegalArgumentException if tablemover does not know the type
     */
    public static MysqlType of(String dataType) {
        return find(dataType).orElseThrow(() -> new IllegalArgumentException("unknown MySQL data type '" + dataType + "'"));
    }

    /**
     * The type of a column as the server describes it; the one check that every column's type is known.
     *
     * @param table the table, e.g. {@code db.orders}
     * @param column the column's name
     * @param dataType its {@code DATA_TYPE}
     * @throws UnknownTypeException naming the table, column and type if tablemover does not know the type
     */
    public static MysqlType ofColumn(String table, String column, String dataType) {
        return find(dataType).orElseThrow(() -> new UnknownTypeException(table, column, dataType));
    }

    /** @return the lower-case {@code DATA_TYPE} MySQL 8.0 reports for this type, e.g. {@code "varbinary"} */
    public String dataType() {
        return dataType;
    }

    /** @return the family the type belongs to */
    public Family family() {
        return family;
    }

    /** @return how a value of this type is read over JDBC */
    public Read read() {
        return family.read;
    }

    /**
     * @return true for FLOAT, which is selected as {@code (col * 1e0)}, a DOUBLE holding the float's exact value:
     *     MySQL prints a FLOAT with 6 significant digits, text that does not write the same float back
     */
    public boolean readAsDouble() {
        return this == FLOAT;
    }

    /**
     * @return true if a key of columns of this type can be chunked by and decoded from the binlog: integers,
     *     DECIMAL, CHAR, VARCHAR, BINARY, VARBINARY, DATE, DATETIME, TIMESTAMP
     */
    public boolean mayBeKey() {
        return key;
    }

    /**
     * @return true for DATE, DATETIME and TIMESTAMP, whose key parts are their MySQL text in the canonical form of
     *     {@link #temporalKeyText(String)}
     */
    public boolean temporalKey() {
        return family == Family.DATE_TIME;
    }

    /** @return the width of an integer type in bits (8 for TINYINT ... 64 for BIGINT), 0 for other types */
    public int integerBits() {
        return integerBits;
    }

    /**
     * @return true for the types whose values are characters in the column's {@code CHARACTER_SET_NAME} (CHAR,
     *     VARCHAR, the TEXT types, ENUM, SET); binary types, numbers, temporal types and JSON have none
     */
    public boolean charsetMatters() {
        return family.charset;
    }

    /**
     * The canonical text of a temporal key part: MySQL's text without trailing fractional zeros
     * ({@code 2024-01-31 10:00:00.120000} becomes {@code 2024-01-31 10:00:00.12}), so that the same key read over
     * JDBC and decoded from the binlog compares equal; MySQL reads both forms as one value.
     */
    public static String temporalKeyText(String text) {
        if (text.indexOf('.') < 0) {
            return text;
        }
        String t = text.replaceAll("0+$", "");
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
