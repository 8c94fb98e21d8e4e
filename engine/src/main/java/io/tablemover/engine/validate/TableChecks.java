package io.tablemover.engine.validate;

import io.tablemover.engine.cutover.CutoverNames;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import io.tablemover.engine.binlog.BinlogKeyDecoder;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.config.TableNames;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.Column;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.schema.MysqlType;
import io.tablemover.engine.schema.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The checks of the moved tables on the source (base tables, a usable key, charsets the binlog decoding knows) and of the names the move will take (free on the targets, {@code _t_del} free on the source). */
final class TableChecks {
    private final MoveConfig config;
    private final ServerPool source;
    private final List<ServerPool> targets;
    private final ValidationScope scope;

    TableChecks(ValidationScope scope) {
        this.scope = scope;
        this.config = scope.config();
        this.source = scope.source();
        this.targets = scope.targets();
    }

    List<TableSchema> checkTables(List<Problem> problems, boolean resuming) {
        String db = config.source().database();
        SchemaReader reader = new SchemaReader(source.dsl());
        Map<String, String> types = reader.tableTypes(db, config.tables());
        List<TableSchema> tables = new ArrayList<>();
        for (String t : config.tables()) {
            String type = types.get(t);
            if (type == null && resuming && !reader.tableTypes(db, List.of(CutoverNames.deletedName(t))).isEmpty()) {
                // the run's cutover renamed it already
                tables.add(reader.read(db, CutoverNames.deletedName(t)).withName(t));
                continue;
            }
            if (type == null) {
                problems.add(new Problem("table " + t, "does not exist in source database " + db,
                        "check the name in --tables (names are case-sensitive)"));
                continue;
            }
            if (!type.equals("BASE TABLE")) {
                problems.add(new Problem("table " + t, "is a " + type + ", not a base table",
                        "move only base tables; recreate views on the target yourself"));
                continue;
            }
            if (CutoverNames.deletedName(t).length() > TableNames.MAX_LENGTH) {
                problems.add(new Problem("table " + t, "its cutover name " + CutoverNames.deletedName(t) + " is longer than 64 characters",
                        "rename the table to at most " + (TableNames.MAX_LENGTH - 5) + " characters first"));
            }
            TableSchema schema = reader.read(db, t);
            if (schema.key().isEmpty()) {
                problems.add(new Problem("table " + t, "has no PRIMARY KEY and no UNIQUE key of NOT NULL columns"
                        + " of a supported type (integers, DECIMAL, CHAR/VARCHAR, BINARY/VARBINARY, DATE, DATETIME, TIMESTAMP)",
                        "add a primary key, e.g. ALTER TABLE `" + t + "` ADD COLUMN id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY"));
                tables.add(schema);
                continue;
            }
            for (Column c : schema.columns()) {
                // key columns and the text the binlog apply decodes from row images
                boolean decoded = schema.requireKey().columns().contains(c)
                        || (!c.generated() && c.type().family() == MysqlType.Family.TEXT);
                if (decoded && c.charset() != null) {
                    try {
                        BinlogKeyDecoder.javaCharset(c.charset());
                    } catch (IllegalArgumentException e) {
                        problems.add(new Problem("column " + t + "." + c.name(), "column in character set "
                                + c.charset() + " cannot be decoded from the binlog", "convert the column to utf8mb4"));
                    }
                }
            }
            tables.add(schema);
        }
        return tables;
    }

    void checkNamesFree(List<Problem> problems) {
        for (int i = 0; i < targets.size(); i++) {
            String db = scope.endpoint(i).database();
            Map<String, String> onTarget = new SchemaReader(targets.get(i).dsl()).tableTypes(db, config.tables());
            for (String t : onTarget.keySet()) {
                problems.add(new Problem(scope.side(i) + " table " + db + "." + t, "already exists",
                        "drop or rename it on the target (DROP TABLE `" + db + "`.`" + t
                                + "`) if it is a leftover, or choose another target database"));
            }
        }
        List<String> deleted = config.tables().stream().map(CutoverNames::deletedName).toList();
        Map<String, String> onSource = new SchemaReader(source.dsl()).tableTypes(config.source().database(), deleted);
        for (String t : onSource.keySet()) {
            problems.add(new Problem("source table " + config.source().database() + "." + t,
                    "already exists, and the cutover renames a moved table to that name",
                    "drop or rename it on the source first"));
        }
    }
}
