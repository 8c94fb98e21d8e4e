package io.tablemover.engine.validate;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.config.ShardingKey;
import io.tablemover.spi.sharding.ShardingFunction;
import java.util.function.Function;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.TableSchema;
import java.sql.SQLException;
import java.util.List;
import org.jooq.exception.DataAccessException;

/** The sharding keys of a reshard: each column exists, is stored and NOT NULL, and its function accepts its values. */
final class ShardingKeyChecks {
    private final MoveConfig config;
    private final ServerPool source;
    private final Function<String, ShardingFunction> functions;

    ShardingKeyChecks(ValidationScope scope, Function<String, ShardingFunction> functions) {
        this.functions = functions;
        this.config = scope.config();
        this.source = scope.source();
    }

    /**
     * Each sharding column must exist, be stored (not virtual: the binlog apply re-reads rows, but a
     * virtual column is never written) and NOT NULL (a NULL cannot be placed on a shard), and the table's
     * sharding function must accept its values: tried on the table's first row (when a run starts).
     */
    void checkShardingKeys(List<TableSchema> tables, List<Problem> problems, boolean sample) {
        for (TableSchema t : tables) {
            ShardingKey key = config.sharding().keys().get(t.name());
            if (key == null) {
                continue;
            }
            Column column = t.storedColumns().stream().filter(c -> c.name().equalsIgnoreCase(key.column())).findFirst().orElse(null);
            if (column == null) {
                problems.add(new Problem("--sharding-key " + key, "table " + t.name() + " has no stored column " + key.column(),
                        "name one of " + t.storedColumns().stream().map(Column::name).toList()));
                continue;
            }
            if (column.nullable()) {
                problems.add(new Problem("--sharding-key " + key, "column " + t.name() + "." + column.name()
                        + " is nullable, and a row with NULL cannot be placed on a shard",
                        "ALTER TABLE `" + t.name() + "` MODIFY `" + column.name() + "` ... NOT NULL, or shard by another column"));
                continue;
            }
            ShardingFunction function = functions.apply(key.vindex());
            if (function == null) {
                problems.add(new Problem("--sharding-key " + key, "no loaded plugin offers sharding function " + key.vindex(),
                        "use hash or xxhash (plugin sharding-hash), or install the plugin that offers it"));
                continue;
            }
            if (!sample) {
                continue; // a resumed run's table may carry its _del name already; it was sampled when the run started
            }
            // read the way the copy and the apply read it (ValueReader), so the function sees the same Java type
            Object value = null;
            try (var rs = source.dsl().select(field(name(column.name()))).from(table(name(config.source().database(), t.name())))
                    .limit(1).fetchResultSet()) {
                if (rs.next()) {
                    value = io.tablemover.engine.transfer.ValueReader.read(rs, 1, column);
                }
            } catch (SQLException e) {
                throw new DataAccessException("reading the first row of " + t.name() + ": " + e.getMessage(), e);
            }
            if (value != null) {
                try {
                    function.keyspaceId(value);
                } catch (RuntimeException e) {
                    problems.add(new Problem("--sharding-key " + key, "sharding function " + key.vindex() + " refuses "
                            + t.name() + "." + column.name() + " (" + column.dataType() + ") values: " + e.getMessage(),
                            "choose a function that accepts this column type (hash: integer columns; xxhash: any)"));
                }
            }
        }
    }
}
