package io.tablemover.engine.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.jooq.conf.ParamType;
import org.junit.jupiter.api.Test;

class ServerStatementsTest {
    @Test
    void globalVariablesAreReadByCheckedName() {
        assertEquals("select @@global.gtid_executed", ServerStatements.selectGtidExecuted().getSQL());
        assertEquals("select @@global.gtid_purged", ServerStatements.selectGtidPurged().getSQL());
        assertEquals("select @@global.binlog_row_image", ServerStatements.selectGlobalVariable("binlog_row_image").getSQL());
        assertEquals("select @@global.validate_password.length",
                ServerStatements.selectGlobalVariable("validate_password.length").getSQL());
        for (String bad : new String[] {"", "gtid_purged; drop table t", "a b", "`x`", "x.y.z", "1x", "@@x", "x--"}) {
            assertThrows(IllegalArgumentException.class, () -> ServerStatements.selectGlobalVariable(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> ServerStatements.selectGlobalVariable(null));
    }

    @Test
    void statusIsReadWithBoundNames() {
        assertEquals("show global status where variable_name in (?, ?)",
                ServerStatements.showGlobalStatus(List.of("threads_running", "x'y")).getSQL());
        assertEquals("show global status where variable_name in ('threads_running', 'x''y')",
                ServerStatements.showGlobalStatus(List.of("threads_running", "x'y")).getSQL(ParamType.INLINED));
        assertThrows(IllegalArgumentException.class, () -> ServerStatements.showGlobalStatus(List.of()));
        assertEquals("show replica status", ServerStatements.showReplicaStatus().getSQL());
        assertEquals("show slave status", ServerStatements.showSlaveStatus().getSQL());
        assertEquals("select `HOST` from `information_schema`.`PROCESSLIST` where `ID` = 42",
                ServerStatements.selectConnectionHost(42).getSQL(ParamType.INLINED));
    }

    @Test
    void theSessionSetupIsOneStatement() {
        assertEquals("set `time_zone` = '+00:00', `sql_mode` = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION,"
                        + "STRICT_ALL_TABLES', `innodb_lock_wait_timeout` = 20",
                ServerStatements.sessionSetup(20).getSQL(ParamType.INLINED));
    }
}
