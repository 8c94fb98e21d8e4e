package io.tablemover.engine.validate;

import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.spi.sharding.ShardingFunction;
import java.util.function.Function;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.plugin.RunExtensions;
import jakarta.inject.Inject;
import io.tablemover.engine.schema.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
    private final ServerChecks servers;
    private final TableChecks tables;
    private final ShardingKeyChecks shardingKeys;
    private final RelationChecks relations;
    private final PrivilegeChecks privileges;

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
        ValidationScope scope = new ValidationScope(config, source, this.targets);
        this.servers = new ServerChecks(scope);
        this.tables = new TableChecks(scope);
        this.shardingKeys = new ShardingKeyChecks(scope, functions);
        this.relations = new RelationChecks(scope);
        this.privileges = new PrivilegeChecks(scope);
    }

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
        ServerInfo src = servers.reach("source", source, "--source, --source-user and TABLEMOVER_SOURCE_PASSWORD", problems);
        List<ServerInfo> tgts = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            tgts.add(servers.reach(side(i), targets.get(i), "--target, --target-user and TABLEMOVER_TARGET_PASSWORD", problems));
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
        servers.checkSourceSettings(problems);
        servers.checkDatabase("source", source, config.source(), problems);
        for (int i = 0; i < targets.size(); i++) {
            servers.checkDatabase(side(i), targets.get(i), endpoint(i), problems);
            servers.checkTargetSettings(i, problems);
        }
        List<TableSchema> found = tables.checkTables(problems, resume.isPresent());
        shardingKeys.checkShardingKeys(found, problems, resume.isEmpty());
        relations.checkForeignKeysAndTriggers(problems);
        if (resume.isEmpty()) {
            tables.checkNamesFree(problems);
        }
        privileges.checkPrivileges("source", source, config.source(), List.of(
                Set.of("REPLICATION SLAVE"), Set.of("REPLICATION CLIENT")),
                List.of(Set.of("SELECT"), Set.of("ALTER"), Set.of("DROP"), Set.of("CREATE"), Set.of("INSERT"),
                        Set.of("UPDATE", "DELETE", "LOCK TABLES")), problems);
        for (int i = 0; i < targets.size(); i++) {
            privileges.checkPrivileges(side(i), targets.get(i), endpoint(i), List.of(),
                    List.of(Set.of("SELECT"), Set.of("INSERT"), Set.of("DELETE"), Set.of("CREATE"), Set.of("ALTER")),
                    problems);
        }
        if (config.reverse()) {
            new ReverseChecks(new ValidationScope(config, source, targets)).check(privileges, resume.isEmpty(), problems);
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new ValidatedMove(found, src, tgts.get(0));
    }
}
