package io.tablemover.engine.validate;

import io.tablemover.engine.config.Extensions;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.cutover.CutoverNames;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.state.RunRecord;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * Prints the plan of a validated move: servers and versions, the run it resumes, the shards, each table's key,
 * estimated rows, placement, cutover name and target DDL, the copy settings, hooks and throttling conditions.
 */
public final class PlanPrinter {
    private final MoveConfig config;
    private final Extensions extensions;
    private final PrintWriter out;

    @Inject
    public PlanPrinter(MoveConfig config, Extensions extensions, PrintWriter out) {
        this.config = config;
        this.extensions = extensions;
        this.out = out;
    }

    /**
     * @param plan what validation found
     * @param existing the stored run this process resumes, if any
     */
    public void print(ValidatedMove plan, Optional<RunRecord> existing) {
        out.println("plan: move " + plan.tables().size() + " table(s) from " + config.source() + " (MySQL "
                + plan.source().version() + ") to " + config.target() + " (MySQL " + plan.target().version() + ")");
        existing.ifPresent(r -> out.println("  resumes run " + r.token() + " (phase " + r.phase() + ", started "
                + r.createdAt() + " UTC" + r.lastError().map(e -> ", last error: " + e).orElse("") + ")"));
        if (config.sharding().sharded()) {
            out.println("  resharded onto " + config.sharding().shards().size() + " shards (run state on the first):");
            config.sharding().shards().forEach(sh -> out.println("    shard " + sh.name() + ": " + sh.endpoint()));
        }
        for (TableSchema t : plan.tables()) {
            var shardingKey = config.sharding().keys().get(t.name());
            String placement = !config.sharding().sharded() ? ""
                    : shardingKey != null ? ", rows placed by " + shardingKey.vindex() + "(" + shardingKey.column() + ")"
                    : ", reference table: copied whole to every shard";
            out.println("  table " + t.name() + ": key " + t.requireKey() + ", ~" + t.estimatedRows() + " rows"
                    + placement + ", renamed on the source to " + CutoverNames.deletedName(t.name()) + " at cutover");
            out.println("    target DDL: " + t.createStatement().replace("\n", "\n      "));
        }
        out.println("  chunk size " + config.chunkSize() + " rows, " + config.copyThreads() + " copy thread(s)"
                + config.postponeCutoverFlagFile().map(p -> ", cutover postponed while " + p + " exists").orElse(""));
        if (config.reverse()) {
            out.println("  reverse window " + config.reverseWindow().toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                    + " after the cutover: the target's changes stream back into the source's _del tables until"
                    + " 'tablemover revert' or 'tablemover complete'");
        }
        extensions.hooksPath().ifPresent(p -> out.println("  hooks: " + p + "/tablemover-on-<event>* (timeout "
                + extensions.hooksTimeout().toSeconds() + " s, status every " + extensions.hooksStatusInterval().toSeconds()
                + " s)" + (config.execute() ? "" : "; not run by a dry run")));
        if (!extensions.throttleConditions().isEmpty()) {
            out.println("  copy and binlog apply pause while " + String.join(" or ", extensions.throttleConditions()));
        }
        out.flush();
    }
}
