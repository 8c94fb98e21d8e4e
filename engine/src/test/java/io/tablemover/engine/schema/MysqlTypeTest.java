package io.tablemover.engine.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.schema.MysqlType.Family;
import io.tablemover.engine.schema.MysqlType.Read;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MysqlTypeTest {
    /**
     * Every {@code information_schema.COLUMNS.DATA_TYPE} of MySQL 8.0.31 (read off a table with a column of each
     * type and each alias: INTEGER, REAL, NUMERIC, BOOL, SERIAL, NCHAR, LONG VARCHAR, GEOMETRYCOLLECTION, ...),
     * with the family it belongs to.
     */
    private static final Map<String, Family> DATA_TYPES = dataTypes();

    private static Map<String, Family> dataTypes() {
        Map<String, Family> m = new LinkedHashMap<>();
        List.of("tinyint", "smallint", "mediumint", "int", "bigint").forEach(t -> m.put(t, Family.INTEGER));
        m.put("decimal", Family.DECIMAL);
        List.of("float", "double").forEach(t -> m.put(t, Family.FLOATING_POINT));
        m.put("bit", Family.BIT);
        List.of("date", "datetime", "timestamp").forEach(t -> m.put(t, Family.DATE_TIME));
        m.put("time", Family.TIME);
        m.put("year", Family.YEAR);
        List.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext").forEach(t -> m.put(t, Family.TEXT));
        List.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob").forEach(t -> m.put(t, Family.BINARY));
        m.put("enum", Family.ENUM);
        m.put("set", Family.SET);
        m.put("json", Family.JSON);
        List.of("geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                "geomcollection").forEach(t -> m.put(t, Family.SPATIAL));
        return m;
    }

    @Test
    void everyDataTypeOfMysql80ParsesToItsOwnType() {
        DATA_TYPES.forEach((dataType, family) -> {
            MysqlType t = MysqlType.of(dataType);
            assertEquals(dataType, t.dataType());
            assertEquals(family, t.family(), dataType);
            assertSame(t, MysqlType.of(dataType.toUpperCase()), "parsing ignores case");
        });
        assertEquals(DATA_TYPES.keySet(), Arrays.stream(MysqlType.values()).map(MysqlType::dataType).collect(Collectors.toSet()),
                "one type per DATA_TYPE, none besides");
        assertSame(MysqlType.GEOMCOLLECTION, MysqlType.of("geometrycollection"), "MySQL 5.7's name");
    }

    @Test
    void unknownTypesFailLoudly() {
        for (String unknown : List.of("vector", "numeric", "integer", "real", "bool", "varchar(10)", "", "long")) {
            assertTrue(MysqlType.find(unknown).isEmpty(), unknown);
            assertThrows(IllegalArgumentException.class, () -> MysqlType.of(unknown), unknown);
        }
        UnknownTypeException e = assertThrows(UnknownTypeException.class,
                () -> MysqlType.ofColumn("app.orders", "embedding", "vector"));
        assertEquals(ExitCode.VALIDATION_FAILED, e.exitCode());
        assertEquals("table app.orders, column embedding: data type 'vector' is unknown to tablemover", e.reason());
        assertFalse(e.getMessage().contains("\n"));
        assertThrows(IllegalArgumentException.class, () -> new Column("c", 1, "vector", "vector(3)", null, 0, 0, false, false));
    }

    @Test
    void readModes() {
        Map<Read, Set<String>> expected = Map.of(
                Read.OBJECT, Set.of("tinyint", "smallint", "mediumint", "int", "bigint", "year"),
                Read.BIG_DECIMAL, Set.of("decimal"),
                Read.RAW_TEXT, Set.of("time", "date", "datetime", "timestamp"),
                Read.BYTES, Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "bit",
                        "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                        "geomcollection"),
                Read.TEXT, Set.of("float", "double", "char", "varchar", "tinytext",
                        "text", "mediumtext", "longtext", "enum", "set", "json"));
        for (MysqlType t : MysqlType.values()) {
            assertTrue(expected.get(t.read()).contains(t.dataType()), t + " reads as " + t.read());
        }
        assertEquals(Set.of(MysqlType.FLOAT), only(MysqlType::readAsDouble));
    }

    @Test
    void keyFacts() {
        assertEquals(EnumSet.of(MysqlType.TINYINT, MysqlType.SMALLINT, MysqlType.MEDIUMINT, MysqlType.INT,
                MysqlType.BIGINT, MysqlType.DECIMAL, MysqlType.CHAR, MysqlType.VARCHAR, MysqlType.BINARY,
                MysqlType.VARBINARY, MysqlType.DATE, MysqlType.DATETIME, MysqlType.TIMESTAMP), only(MysqlType::mayBeKey));
        assertEquals(EnumSet.of(MysqlType.DATE, MysqlType.DATETIME, MysqlType.TIMESTAMP), only(MysqlType::temporalKey));
        assertEquals(List.of(8, 16, 24, 32, 64), List.of(MysqlType.TINYINT, MysqlType.SMALLINT, MysqlType.MEDIUMINT,
                MysqlType.INT, MysqlType.BIGINT).stream().map(MysqlType::integerBits).toList());
        assertEquals(0, MysqlType.DECIMAL.integerBits());
        assertEquals(EnumSet.of(MysqlType.CHAR, MysqlType.VARCHAR, MysqlType.TINYTEXT, MysqlType.TEXT,
                MysqlType.MEDIUMTEXT, MysqlType.LONGTEXT, MysqlType.ENUM, MysqlType.SET), only(MysqlType::charsetMatters));
    }

    @Test
    void temporalKeyTextDropsTrailingFractionalZeros() {
        assertEquals("2024-01-31 10:00:00.12", MysqlType.temporalKeyText("2024-01-31 10:00:00.120000"));
        assertEquals("2024-01-31 10:00:00", MysqlType.temporalKeyText("2024-01-31 10:00:00.000000"));
        assertEquals("2024-01-31 10:00:00", MysqlType.temporalKeyText("2024-01-31 10:00:00"));
        assertEquals("2024-01-30", MysqlType.temporalKeyText("2024-01-30"));
    }

    @Test
    void columnCarriesItsParsedType() {
        Column c = new Column("id", 1, "BIGINT", "bigint unsigned", null, 0, 0, false, false);
        assertSame(MysqlType.BIGINT, c.type());
        assertEquals("bigint", c.dataType());
        assertTrue(c.unsigned());
    }

    private static Set<MysqlType> only(java.util.function.Predicate<MysqlType> fact) {
        return Arrays.stream(MysqlType.values()).filter(fact).collect(Collectors.toCollection(() -> EnumSet.noneOf(MysqlType.class)));
    }
}
