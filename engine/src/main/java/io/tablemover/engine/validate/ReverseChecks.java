package io.tablemover.engine.validate;

import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.config.TableNames;
import io.tablemover.engine.cutover.CutoverNames;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.sql.SchemaReader;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of {@code --reverse-window}: after the cutover each target is a binlog source of its own (the reverse
 * stream reads it as the forward stream reads the source: ROW format, FULL row images, GTIDs, REPLICATION SLAVE and
 * CLIENT), the source user may write the {@code _t_del} tables (INSERT, UPDATE, DELETE), and the revert's names
 * {@code _t_rev} are free on every target and at most 64 characters.
 */
final class ReverseChecks {
    /** The revert's suffix; kept here (not {@code reverse.RevertNames}) so that validate does not depend on reverse. */
    static final String REVERT_SUFFIX = "_rev";

    private final ValidationScope scope;
    private final MoveConfig config;

    ReverseChecks(ValidationScope scope) {
        this.scope = scope;
        this.config = scope.config();
    }

    void check(PrivilegeChecks privileges, boolean newRun, List<Problem> problems) {
        List<ServerPool> targets = scope.targets();
        for (int i = 0; i < targets.size(); i++) {
            String side = scope.side(i);
            Map<String, String> expected = new java.util.LinkedHashMap<>();
            expected.put("log_bin", "1");
            expected.put("binlog_format", "ROW");
            expected.put("binlog_row_image", "FULL");
            expected.put("gtid_mode", "ON");
            for (Map.Entry<String, String> e : expected.entrySet()) {
                String value = ServerChecks.variable(targets.get(i), e.getKey());
                if (!e.getValue().equalsIgnoreCase(value)) {
                    problems.add(new Problem(side + " " + e.getKey(), "is " + value + ", --reverse-window needs "
                            + e.getValue() + " (the reverse stream reads the target's binlog)",
                            e.getKey().equals("log_bin") ? "start the target with --log-bin, or leave out --reverse-window"
                                    : "SET PERSIST " + e.getKey() + " = '" + e.getValue() + "' on the target, or leave out"
                                    + " --reverse-window"));
                }
            }
            privileges.checkPrivileges(side, targets.get(i), scope.endpoint(i),
                    List.of(Set.of("REPLICATION SLAVE"), Set.of("REPLICATION CLIENT")), List.of(Set.of("DROP")), problems);
            if (newRun) {
                String db = scope.endpoint(i).database();
                List<String> reverted = config.tables().stream().map(t -> CutoverNames.renamedName(t, REVERT_SUFFIX)).toList();
                for (String t : new SchemaReader(targets.get(i).dsl()).tableTypes(db, reverted).keySet()) {
                    problems.add(new Problem(side + " table " + db + "." + t, "already exists, and a revert renames a"
                            + " moved table to that name", "drop or rename it on the target first"));
                }
            }
        }
        for (String t : config.tables()) {
            String reverted = CutoverNames.renamedName(t, REVERT_SUFFIX);
            if (reverted.length() > TableNames.MAX_LENGTH) {
                problems.add(new Problem("table " + t, "its revert name " + reverted + " is longer than 64 characters",
                        "rename the table to at most " + (TableNames.MAX_LENGTH - 5) + " characters first, or leave out"
                                + " --reverse-window"));
            }
        }
        privileges.checkPrivileges("source", scope.source(), config.source(), List.of(),
                List.of(Set.of("INSERT"), Set.of("UPDATE"), Set.of("DELETE")), problems);
    }
}
