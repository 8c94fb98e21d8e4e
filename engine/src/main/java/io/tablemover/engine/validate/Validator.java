package io.tablemover.engine.validate;

import io.tablemover.engine.cutover.CutoverNames;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.tablemover.engine.binlog.BinlogKeyDecoder;
import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.config.ShardingKey;
import io.tablemover.spi.sharding.ShardingFunction;
import java.util.function.Function;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.plugin.RunExtensions;
import jakarta.inject.Inject;
import io.tablemover.engine.schema.Column;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.schema.TableSchema;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;

/**
 * Checks, before any change anywhere, that a move can run. Every check is a read; a failed validation
 * lists all problems found, each naming the setting or table and the fix.
 *
 * <p>The checks follow what gh-ost and Spirit require of a source: ROW binlog with FULL row images and
 * GTIDs (the stream starts from a GTID set), a PRIMARY KEY or NOT NULL UNIQUE key per table, no foreign
 * keys (they cannot follow a table to another server) and no triggers (their writes would not be moved).
 */
public final class Validator {
    private final MoveConfig config;
    private final ServerPool source;
    private final List<ServerPool> targets;
    private final Function<String, ShardingFunction> functions;

    /** Validates the run's move on its servers, with the sharding functions its plugins offer. */
    @Inject
    public Validator(MoveConfig config, ServerPools pools, RunExtensions plugins) {
        this(config, pools.source(), pools.shards(), plugins::shardingFunction);
    }

    /** Validates an unsharded move to {@code target}. */
    public Validator(MoveConfig config, ServerPool source, ServerPool target) {
        this(config, source, List.of(target), name -> null);
    }

    /**
     * @param targets one pool per shard of {@code config.sharding()}, in its order
     * @param functions the sharding functions by name: every vindex of the sharding keys
     */
    public Validator(MoveConfig config, ServerPool source, List<ServerPool> targets,
                     Function<String, ShardingFunction> functions) {
        this.config = config;
        this.source = source;
        this.targets = List.copyOf(targets);
        this.functions = functions;
    }

    /** @return how problems name the {@code i}th target: {@code target}, or {@code target shard -80} */
    private String side(int i) {
        return config.sharding().sharded() ? "target shard " + config.sharding().shards().get(i).name() : "target";
    }

    private Endpoint endpoint(int i) {
        return config.sharding().shards().get(i).endpoint();
    }

    /**
     * @return the plan of the move
     * @throws ValidationException listing every problem found
     */
    public ValidatedMove validate() {
        return validate(java.util.Optional.empty());
    }

    /**
     * Validates a new run, or the resume of {@code resume}: then the target tables exist already (the
     * run created them) and, once the cutover began, the source tables may carry their {@code _del}
     * names.
     *
     * @throws ValidationException listing every problem found
     */
    public ValidatedMove validate(java.util.Optional<io.tablemover.engine.state.RunRecord> resume) {
        List<Problem> problems = new ArrayList<>();
        ServerInfo src = reach("source", source, "--source, --source-user and TABLEMOVER_SOURCE_PASSWORD", problems);
        List<ServerInfo> tgts = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            tgts.add(reach(side(i), targets.get(i), "--target, --target-user and TABLEMOVER_TARGET_PASSWORD", problems));
        }
        if (src == null || tgts.contains(null)) {
            throw new ValidationException(problems);
        }
        for (int i = 0; i < targets.size(); i++) {
            if (src.serverUuid().equals(tgts.get(i).serverUuid())
                    && config.source().database().equals(endpoint(i).database())) {
                problems.add(new Problem("--target " + endpoint(i).url(), "is the source database itself (same server_uuid "
                        + src.serverUuid() + ")", "move to another server or database"));
            }
        }
        checkSourceSettings(problems);
        checkDatabase("source", source, config.source(), problems);
        for (int i = 0; i < targets.size(); i++) {
            checkDatabase(side(i), targets.get(i), endpoint(i), problems);
            checkTargetSettings(i, problems);
        }
        List<TableSchema> tables = checkTables(problems, resume.isPresent());
        checkShardingKeys(tables, problems, resume.isEmpty());
        checkForeignKeysAndTriggers(problems);
        if (resume.isEmpty()) {
            checkNamesFree(problems);
        }
        checkPrivileges("source", source, config.source(), List.of(
                Set.of("REPLICATION SLAVE"), Set.of("REPLICATION CLIENT")),
                List.of(Set.of("SELECT"), Set.of("ALTER"), Set.of("DROP"), Set.of("CREATE"), Set.of("INSERT"),
                        Set.of("UPDATE", "DELETE", "LOCK TABLES")), problems);
        for (int i = 0; i < targets.size(); i++) {
            checkPrivileges(side(i), targets.get(i), endpoint(i), List.of(),
                    List.of(Set.of("SELECT"), Set.of("INSERT"), Set.of("DELETE"), Set.of("CREATE"), Set.of("ALTER")),
                    problems);
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new ValidatedMove(tables, src, tgts.get(0));
    }

    private ServerInfo reach(String side, ServerPool pool, String settings, List<Problem> problems) {
        try {
            pool.probe();
            Record r = pool.dsl().select(field("@@server_uuid", String.class), field("@@version", String.class)).fetchOne();
            return new ServerInfo(r.get(0, String.class), r.get(1, String.class));
        } catch (SQLException | DataAccessException e) {
            if (unknownDatabase(e)) {
                // the pool connects to the database itself, so a missing one shows up here, not in checkDatabase
                problems.add(databaseMissing(side, pool.endpoint()));
                return null;
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0];
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root != e && root.getMessage() != null && !why.contains(root.getMessage().split("\n")[0])) {
                why = why + " (" + root.getMessage().split("\n")[0] + ")";
            }
            problems.add(new Problem(side + " " + pool.endpoint().address(),
                    "cannot connect as " + pool.endpoint().user() + ": " + why,
                    "check that the server is up and " + settings));
            return null;
        }
    }

    private void checkSourceSettings(List<Problem> problems) {
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("log_bin", "1");
        expected.put("binlog_format", "ROW");
        expected.put("binlog_row_image", "FULL");
        expected.put("gtid_mode", "ON");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String value = variable(source, e.getKey());
            if (!e.getValue().equalsIgnoreCase(value)) {
                String fix = e.getKey().equals("log_bin")
                        ? "start the source with --log-bin"
                        : e.getKey().equals("gtid_mode")
                        ? "enable GTIDs on the source (gtid_mode=ON, enforce_gtid_consistency=ON; MySQL 8.0 manual 17.1.4)"
                        : "SET PERSIST " + e.getKey() + " = '" + e.getValue() + "' on the source (new sessions use it)";
                problems.add(new Problem("source " + e.getKey(), "is " + value + ", tablemover needs " + e.getValue(), fix));
            }
        }
    }

    private void checkTargetSettings(int shard, List<Problem> problems) {
        for (String v : List.of("read_only", "super_read_only")) {
            if ("1".equals(variable(targets.get(shard), v))) {
                problems.add(new Problem(side(shard) + " " + v, "is ON: the target cannot be written",
                        "SET GLOBAL " + v + " = OFF on the target, or choose a writable target (not a replica)"));
            }
        }
    }

    private static String variable(ServerPool pool, String name) {
        return pool.dsl().select(field("@@global." + name)).fetchOne(0, String.class);
    }

    private void checkDatabase(String side, ServerPool pool, Endpoint e, List<Problem> problems) {
        Field<String> schema = field(name("SCHEMA_NAME"), String.class);
        boolean exists = pool.dsl().fetchExists(pool.dsl().selectOne()
                .from(table(name("information_schema", "SCHEMATA"))).where(schema.eq(e.database())));
        if (!exists) {
            problems.add(databaseMissing(side, e));
        }
    }

    private static Problem databaseMissing(String side, Endpoint e) {
        return new Problem(side + " database " + e.database(), "does not exist",
                side.startsWith("target") ? "CREATE DATABASE `" + e.database() + "` on the target first"
                        : "check the database in --source");
    }

    /** @return whether the connection failed because its database does not exist (ER_BAD_DB_ERROR, 1049) */
    private static boolean unknownDatabase(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getErrorCode() == 1049) {
                return true;
            }
        }
        return false;
    }

    private List<TableSchema> checkTables(List<Problem> problems, boolean resuming) {
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
            if (CutoverNames.deletedName(t).length() > 64) {
                problems.add(new Problem("table " + t, "its cutover name " + CutoverNames.deletedName(t) + " is longer than 64 characters",
                        "rename the table to at most 59 characters first"));
            }
            TableSchema schema = reader.read(db, t);
            if (schema.key().isEmpty()) {
                problems.add(new Problem("table " + t, "has no PRIMARY KEY and no UNIQUE key of NOT NULL columns"
                        + " of a supported type (integers, DECIMAL, CHAR/VARCHAR, BINARY/VARBINARY, DATE, DATETIME, TIMESTAMP)",
                        "add a primary key, e.g. ALTER TABLE `" + t + "` ADD COLUMN id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY"));
                tables.add(schema);
                continue;
            }
            for (Column c : schema.requireKey().columns()) {
                if (c.charset() != null) {
                    try {
                        BinlogKeyDecoder.javaCharset(c.charset());
                    } catch (IllegalArgumentException e) {
                        problems.add(new Problem("column " + t + "." + c.name(), "key column in character set "
                                + c.charset() + " cannot be decoded", "convert the column to utf8mb4"));
                    }
                }
            }
            tables.add(schema);
        }
        return tables;
    }

    /**
     * Each sharding column must exist, be stored (not virtual: the binlog apply re-reads rows, but a
     * virtual column is never written) and NOT NULL (a NULL cannot be placed on a shard), and the table's
     * sharding function must accept its values: tried on the table's first row (when a run starts).
     */
    private void checkShardingKeys(List<TableSchema> tables, List<Problem> problems, boolean sample) {
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

    private void checkForeignKeysAndTriggers(List<Problem> problems) {
        String db = config.source().database();
        List<String> tables = config.tables();
        Field<String> schema = field(name("TABLE_SCHEMA"), String.class);
        Field<String> tableName = field(name("TABLE_NAME"), String.class);
        Field<String> constraint = field(name("CONSTRAINT_NAME"), String.class);
        Field<String> refSchema = field(name("REFERENCED_TABLE_SCHEMA"), String.class);
        Field<String> refTable = field(name("REFERENCED_TABLE_NAME"), String.class);
        DSLContext dsl = source.dsl();
        Set<String> seen = new HashSet<>();
        for (Record r : dsl.selectDistinct(schema, tableName, constraint, refSchema, refTable)
                .from(table(name("information_schema", "KEY_COLUMN_USAGE")))
                .where(refTable.isNotNull())
                .and(schema.eq(db).and(tableName.in(tables)).or(refSchema.eq(db).and(refTable.in(tables))))) {
            String from = r.get(schema) + "." + r.get(tableName);
            String to = r.get(refSchema) + "." + r.get(refTable);
            if (seen.add(from + r.get(constraint))) {
                String moved = r.get(schema).equals(db) && tables.contains(r.get(tableName)) ? r.get(tableName) : r.get(refTable);
                problems.add(new Problem("table " + moved, "foreign key " + r.get(constraint) + " from " + from
                        + " to " + to + " cannot follow the table to another server",
                        "drop the foreign key (ALTER TABLE `" + r.get(tableName) + "` DROP FOREIGN KEY `"
                                + r.get(constraint) + "`) or leave the table out"));
            }
        }
        Field<String> trigger = field(name("TRIGGER_NAME"), String.class);
        Field<String> objSchema = field(name("EVENT_OBJECT_SCHEMA"), String.class);
        Field<String> objTable = field(name("EVENT_OBJECT_TABLE"), String.class);
        for (Record r : dsl.select(trigger, objTable).from(table(name("information_schema", "TRIGGERS")))
                .where(objSchema.eq(db)).and(objTable.in(tables))) {
            problems.add(new Problem("table " + r.get(objTable), "has trigger " + r.get(trigger)
                    + ", whose writes tablemover would not move",
                    "drop the trigger (DROP TRIGGER `" + r.get(trigger) + "`) and recreate it on the target after cutover"));
        }
    }

    private void checkNamesFree(List<Problem> problems) {
        for (int i = 0; i < targets.size(); i++) {
            String db = endpoint(i).database();
            Map<String, String> onTarget = new SchemaReader(targets.get(i).dsl()).tableTypes(db, config.tables());
            for (String t : onTarget.keySet()) {
                problems.add(new Problem(side(i) + " table " + db + "." + t, "already exists",
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

    /**
     * Checks the connected user's grants in information_schema (USER_, SCHEMA_ and TABLE_PRIVILEGES).
     * Each element of {@code globalNeeds} and {@code tableNeeds} is a set of alternatives: one of them
     * suffices. Grants through roles are not visible there and are not counted.
     */
    private void checkPrivileges(String side, ServerPool pool, Endpoint e, List<Set<String>> globalNeeds,
                                 List<Set<String>> tableNeeds, List<Problem> problems) {
        DSLContext dsl = pool.dsl();
        String current = dsl.select(field("current_user()", String.class)).fetchOne(0, String.class);
        int at = current.lastIndexOf('@');
        String grantee = "'" + current.substring(0, at) + "'@'" + current.substring(at + 1) + "'";
        Field<String> granteeField = field(name("GRANTEE"), String.class);
        Field<String> privilege = field(name("PRIVILEGE_TYPE"), String.class);
        Field<String> schema = field(name("TABLE_SCHEMA"), String.class);
        Field<String> tableName = field(name("TABLE_NAME"), String.class);
        Set<String> global = new HashSet<>(dsl.select(privilege).from(table(name("information_schema", "USER_PRIVILEGES")))
                .where(granteeField.eq(grantee)).fetch(privilege));
        Set<String> onDb = new HashSet<>(dsl.select(privilege).from(table(name("information_schema", "SCHEMA_PRIVILEGES")))
                .where(granteeField.eq(grantee)).and(schema.eq(e.database())).fetch(privilege));
        Set<String> missing = new LinkedHashSet<>();
        for (Set<String> need : globalNeeds) {
            if (need.stream().noneMatch(global::contains)) {
                missing.add(String.join(" or ", need) + " (global)");
            }
        }
        for (String t : config.tables()) {
            Set<String> onTable = new HashSet<>(dsl.select(privilege).from(table(name("information_schema", "TABLE_PRIVILEGES")))
                    .where(granteeField.eq(grantee)).and(schema.eq(e.database())).and(tableName.eq(t)).fetch(privilege));
            for (Set<String> need : tableNeeds) {
                if (need.stream().noneMatch(p -> global.contains(p) || onDb.contains(p) || onTable.contains(p))) {
                    missing.add(String.join(" or ", need.stream().sorted().toList()) + " on " + e.database() + "." + t);
                }
            }
        }
        if (!missing.isEmpty()) {
            problems.add(new Problem(side + " user " + current, "lacks privileges: " + String.join(", ", missing),
                    "GRANT them to " + grantee + " on the " + side));
        }
    }
}
