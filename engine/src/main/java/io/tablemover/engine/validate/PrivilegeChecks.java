package io.tablemover.engine.validate;

import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.sql.CatalogQueries;
import io.tablemover.engine.sql.ServerStatements;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;

/** The connected users' grants, as information_schema shows them (grants through roles are not counted). */
final class PrivilegeChecks {
    private final MoveConfig config;

    PrivilegeChecks(ValidationScope scope) {
        this.config = scope.config();
    }

    /**
     * Checks the connected user's grants in information_schema (USER_, SCHEMA_ and TABLE_PRIVILEGES).
     * Each element of {@code globalNeeds} and {@code tableNeeds} is a set of alternatives: one of them
     * suffices. Grants through roles are not visible there and are not counted.
     */
    void checkPrivileges(String side, ServerPool pool, Endpoint e, List<Set<String>> globalNeeds,
                                 List<Set<String>> tableNeeds, List<Problem> problems) {
        DSLContext dsl = pool.dsl();
        String current = dsl.fetchOne(ServerStatements.selectCurrentUser()).value1();
        int at = current.lastIndexOf('@');
        String grantee = "'" + current.substring(0, at) + "'@'" + current.substring(at + 1) + "'";
        Set<String> global = CatalogQueries.globalPrivileges(dsl, grantee);
        Set<String> onDb = CatalogQueries.databasePrivileges(dsl, grantee, e.database());
        Set<String> missing = new LinkedHashSet<>();
        for (Set<String> need : globalNeeds) {
            if (need.stream().noneMatch(global::contains)) {
                missing.add(String.join(" or ", need) + " (global)");
            }
        }
        for (String t : config.tables()) {
            Set<String> onTable = CatalogQueries.tablePrivileges(dsl, grantee, e.database(), t);
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
