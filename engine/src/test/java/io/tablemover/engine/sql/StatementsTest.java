package io.tablemover.engine.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.KeyColumns;
import io.tablemover.engine.schema.KeyRange;
import io.tablemover.engine.schema.KeyValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

class StatementsTest {
    private static final DSLContext DSL_CONTEXT = DSL.using(SQLDialect.MYSQL);
    private static final Column A = new Column("a", 1, "int", "int", null, 0, 0, false, false);
    private static final Column B = new Column("b", 2, "varchar", "varchar(32)", "utf8mb4", 128, 0, false, false);
    private static final KeyColumns AB = new KeyColumns("PRIMARY", List.of(A, B));

    @Test
    void rangeOverACompositeKeyIsExpandedForTheRangeOptimizer() {
        KeyRange range = new KeyRange(Optional.of(KeyValue.of(1, "x")), Optional.of(KeyValue.of(5, "y")));
        assertEquals("((`a` > 1 or (`a` = 1 and `b` > 'x')) and (`a` < 5 or (`a` = 5 and `b` <= 'y')))",
                DSL_CONTEXT.renderInlined(Statements.range(AB, range)));
        assertEquals("true", DSL_CONTEXT.renderInlined(Statements.range(AB, KeyRange.ALL)));
    }

    @Test
    void lockingReadsAndWrites() {
        assertEquals("select `a`, `b` from `db`.`t` where (`a`, `b`) in ((1, 'x'), (2, 'y')) for share",
                Statements.lockKeys(DSL_CONTEXT, "db", "t", List.of(A, B), AB, List.of(KeyValue.of(1, "x"), KeyValue.of(2, "y")))
                        .getSQL(ParamType.INLINED));
        assertEquals("replace into `db`.`t` (`a`, `b`) values (?, ?), (?, ?)",
                Statements.replaceTemplate("db", "t", List.of(A, B)).forRows(2));
        assertEquals("select `a`, `b` from `db`.`t` where (`a` > 3 or (`a` = 3 and `b` > 'q')) order by `a`, `b` limit 1 offset 999",
                Statements.chunkBoundary(DSL_CONTEXT, "db", "t", AB,
                        new KeyRange(Optional.of(KeyValue.of(3, "q")), Optional.empty()), 1000).getSQL(ParamType.INLINED));
    }

    @Test
    void chunkBoundaryByBytesSumsTheRowsBytesOverALimitedLookAhead() {
        assertEquals("select `a`, `tm_bytes`, `tm_rows` from (select `a`, sum(`tm_b`) over (order by `a` rows unbounded"
                        + " preceding) as `tm_bytes`, row_number() over (order by `a`) as `tm_rows` from (select `a`,"
                        + " (0 + coalesce(length(`a`), 0) + coalesce(length(`b`), 0)) as `tm_b` from `db`.`t` where `a` > 3"
                        + " order by `a` limit 16) as `tm_look`) as `tm_chunk` where `tm_bytes` >= 16777216 or `tm_rows` = 16"
                        + " order by `a` limit 1",
                Statements.chunkBoundaryByBytes(DSL_CONTEXT, "db", "t", new KeyColumns("PRIMARY", List.of(A)), List.of(A, B),
                        new KeyRange(Optional.of(KeyValue.of(3)), Optional.empty()), 16, 1 << 24).getSQL(ParamType.INLINED));
    }

    @Test
    void oneAtomicRenameForAllTables() {
        Map<String, String> renames = new LinkedHashMap<>();
        renames.put("t1", "_t1_del");
        renames.put("t2", "_t2_del");
        assertEquals("rename table `db`.`t1` to `db`.`_t1_del`, `db`.`t2` to `db`.`_t2_del`",
                Statements.renameTables(DSL_CONTEXT, "db", renames).getSQL());
    }

    @Test
    void autoIncrementIsSetByDdlWithTheValueInlined() {
        assertEquals("alter table `db`.`t` auto_increment = 9223372036854775807",
                Statements.alterAutoIncrement("db", "t", Long.MAX_VALUE).getSQL());
        assertEquals("alter table `d``b`.`t` auto_increment = 1", Statements.alterAutoIncrement("d`b", "t", 1).getSQL());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Statements.alterAutoIncrement("db", "t", -1));
    }
}
