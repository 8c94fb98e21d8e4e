package io.tablemover.engine.binlog;

import io.tablemover.engine.binlog.SqlTokens.Token;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a statement from a binlog QUERY event far enough to tell whether it changes a moved table without row
 * events, i.e. whether the target can no longer follow the source:
 * <ul>
 *   <li>changes: {@code ALTER TABLE t}, {@code DROP TABLE ..., t, ...}, {@code RENAME TABLE ... t TO x ...} (either
 *   side), {@code TRUNCATE t}, {@code CREATE TABLE t} (even {@code IF NOT EXISTS}), {@code CREATE|DROP INDEX ... ON t},
 *   {@code CREATE TRIGGER ... ON t} (the validator refuses moved tables with triggers), {@code REPAIR TABLE t} (it
 *   may drop rows of a non-InnoDB table), {@code DROP DATABASE} of the source database;</li>
 *   <li>merely names it: {@code ANALYZE}, {@code OPTIMIZE} (on InnoDB a rebuild that keeps the definition and every
 *   row, so nothing to follow; the next row event maps the rebuilt table again), {@code CHECK}, {@code CHECKSUM},
 *   {@code FLUSH}, {@code GRANT}, {@code REVOKE}, {@code SET}, {@code CREATE TABLE other LIKE t} or
 *   {@code ... AS SELECT ... FROM t}, and DDL of other objects (views, users, routines, other databases, ...).</li>
 * </ul>
 * Names resolve as MySQL does: quoted or not, qualified or in the event's database, compared under
 * {@code lower_case_table_names} ({@link MovedTableNames}); comments do not count, versioned comments do. Anything else
 * (an unknown statement, statement-format DML, a DDL whose names cannot be read) changes every moved table whose name
 * it contains as a word, when it ran in the source database or names it: a false stop is safer than a lost change.
 */
final class StatementCheck {
    /** What a statement means for the transaction the stream is in. */
    enum Control {
        /** {@code BEGIN}, {@code XA START}: a transaction starts */
        BEGIN,
        /** {@code COMMIT}, {@code ROLLBACK}, {@code XA COMMIT|ROLLBACK}: the transaction (or this statement's) ends */
        COMMIT,
        /** {@code SAVEPOINT}, {@code ROLLBACK TO}, {@code RELEASE SAVEPOINT}, {@code XA END|PREPARE}: nothing to do */
        NONE,
        /** {@code CREATE TABLE ... START TRANSACTION} (atomic CREATE ... SELECT): a DDL that opens a transaction */
        DDL_THEN_TRANSACTION,
        /** any other statement: a DDL (outside a transaction) or statement-format DML */
        STATEMENT
    }

    /**
     * @param control what the statement does to the transaction
     * @param changed the moved tables it changes without row events (empty for most statements)
     */
    record Verdict(Control control, Set<String> changed) {}

    private static final Set<String> KINDS = Set.of("TEMPORARY", "TABLE", "TABLES", "INDEX", "TRIGGER", "DATABASE",
            "SCHEMA", "VIEW", "USER", "ROLE", "EVENT", "PROCEDURE", "FUNCTION", "TABLESPACE", "SERVER", "LOGFILE",
            "RESOURCE", "INSTANCE");
    private static final Set<String> HARMLESS = Set.of("ANALYZE", "OPTIMIZE", "CHECK", "CHECKSUM", "FLUSH", "GRANT",
            "REVOKE", "SET", "INSTALL", "UNINSTALL");

    private final MovedTableNames names;
    private final Map<String, Pattern> words = new LinkedHashMap<>();
    private final Pattern databaseWord;

    StatementCheck(MovedTableNames names) {
        this.names = names;
        names.tables().forEach(t -> words.put(t, word(t)));
        databaseWord = word(names.database());
    }

    /**
     * @param sessionDb the database the statement ran in (the QUERY event's), {@code ""} for none, null if unreadable
     * @param sql the statement
     */
    Verdict check(String sessionDb, String sql) {
        List<Token> t = SqlTokens.of(sql);
        if (t.isEmpty() || t.get(0).kind() != SqlTokens.Kind.WORD) {
            return new Verdict(Control.STATEMENT, mentioned(sessionDb, sql));
        }
        String first = t.get(0).upper();
        String second = t.size() > 1 ? t.get(1).upper() : "";
        switch (first) {
            case "BEGIN":
                return new Verdict(Control.BEGIN, Set.of());
            case "COMMIT":
                return new Verdict(Control.COMMIT, Set.of());
            case "ROLLBACK":
                return new Verdict(second.equals("TO") ? Control.NONE : Control.COMMIT, Set.of());
            case "SAVEPOINT", "RELEASE":
                return new Verdict(Control.NONE, Set.of());
            case "XA":
                return new Verdict(switch (second) {
                    case "START", "BEGIN" -> Control.BEGIN;
                    case "COMMIT", "ROLLBACK" -> Control.COMMIT;
                    default -> Control.NONE;
                }, Set.of());
            default:
                break;
        }
        Set<String> changed = changed(t, sessionDb);
        if (changed == null) {
            changed = mentioned(sessionDb, sql);
        }
        int n = t.size();
        boolean opens = n >= 2 && t.get(n - 2).is("START") && t.get(n - 1).is("TRANSACTION");
        return new Verdict(opens ? Control.DDL_THEN_TRANSACTION : Control.STATEMENT, changed);
    }

    /** @return the moved tables the statement changes; null if it is not a statement this class reads */
    private Set<String> changed(List<Token> t, String db) {
        String first = t.get(0).upper();
        int k = kind(t);
        String kind = k < 0 ? "" : t.get(k).upper();
        return switch (first) {
            case "ALTER" -> kind.equals("TABLE") ? list(t, skipIf(t, k + 1), db, false)
                    : k < 0 ? null : Set.of();
            case "CREATE" -> switch (kind) {
                case "TABLE" -> list(t, skipIf(t, k + 1), db, false);
                case "INDEX", "TRIGGER" -> list(t, on(t, k), db, false);
                case "" -> null;
                default -> Set.of();
            };
            case "DROP" -> switch (kind) {
                case "TABLE", "TABLES" -> list(t, skipIf(t, k + 1), db, true);
                case "INDEX" -> list(t, on(t, k), db, false);
                case "DATABASE", "SCHEMA" -> dropDatabase(t, skipIf(t, k + 1));
                case "" -> null;
                default -> Set.of();
            };
            case "RENAME" -> kind.equals("TABLE") || kind.equals("TABLES") ? renames(t, k + 1, db)
                    : k < 0 ? null : Set.of();
            case "TRUNCATE" -> list(t, t.size() > 1 && t.get(1).is("TABLE") ? 2 : 1, db, false);
            case "REPAIR" -> kind.equals("TABLE") || kind.equals("TABLES") ? list(t, k + 1, db, true) : null;
            default -> HARMLESS.contains(first) ? Set.of() : null;
        };
    }

    /** @return the index of the first object keyword (TABLE, INDEX, VIEW, ...) after the verb, or -1 */
    private static int kind(List<Token> t) {
        for (int i = 1; i < t.size(); i++) {
            if (t.get(i).kind() == SqlTokens.Kind.WORD && KINDS.contains(t.get(i).upper())) {
                return i;
            }
        }
        return -1;
    }

    /** Skips {@code IF [NOT] EXISTS} at {@code i}. */
    private static int skipIf(List<Token> t, int i) {
        if (i < t.size() && t.get(i).is("IF")) {
            i++;
            if (i < t.size() && t.get(i).is("NOT")) {
                i++;
            }
            if (i < t.size() && t.get(i).is("EXISTS")) {
                i++;
            }
        }
        return i;
    }

    /** @return the index after the first {@code ON} following {@code from}, or the end */
    private static int on(List<Token> t, int from) {
        for (int i = from + 1; i < t.size(); i++) {
            if (t.get(i).is("ON")) {
                return i + 1;
            }
        }
        return t.size();
    }

    /** The table at {@code i}, and with {@code many} the comma-separated ones after it; null if no name is there. */
    private Set<String> list(List<Token> t, int i, String db, boolean many) {
        Set<String> changed = new LinkedHashSet<>();
        do {
            int next = name(t, i, db, changed);
            if (next < 0) {
                return null;
            }
            i = next + 1;
        } while (many && i - 1 < t.size() && t.get(i - 1).isSymbol(','));
        return changed;
    }

    /** {@code a TO b [, c TO d ...]}: both sides count (a table renamed into a moved name changes it too). */
    private Set<String> renames(List<Token> t, int i, String db) {
        Set<String> changed = new LinkedHashSet<>();
        while (true) {
            int to = name(t, i, db, changed);
            if (to < 0 || to >= t.size() || !t.get(to).is("TO")) {
                return null;
            }
            int next = name(t, to + 1, db, changed);
            if (next < 0) {
                return null;
            }
            if (next >= t.size() || !t.get(next).isSymbol(',')) {
                return changed;
            }
            i = next + 1;
        }
    }

    private Set<String> dropDatabase(List<Token> t, int i) {
        if (i >= t.size() || !t.get(i).isName()) {
            return null;
        }
        String dropped = t.get(i).text();
        return names.mayBeDatabase(dropped) ? new LinkedHashSet<>(names.tables()) : Set.of();
    }

    /**
     * Reads {@code [db.]table} at {@code i}, adds it to {@code changed} if it is (or looks like) a moved table.
     *
     * @return the index after the name, or -1 if there is no name at {@code i}
     */
    private int name(List<Token> t, int i, String sessionDb, Set<String> changed) {
        if (i >= t.size() || !t.get(i).isName()) {
            return -1;
        }
        String db = sessionDb == null ? names.database() : sessionDb; // an unreadable database may be ours
        String table = t.get(i).text();
        int next = i + 1;
        if (next + 1 < t.size() && t.get(next).isSymbol('.') && t.get(next + 1).isName()) {
            db = table;
            table = t.get(next + 1).text();
            next += 2;
        }
        String d = db;
        String n = table;
        names.moved(d, n).or(() -> names.lookalike(d, n)).ifPresent(changed::add);
        return next;
    }

    /** The fallback: every moved table named as a word, if the statement ran in the source database or names it. */
    private Set<String> mentioned(String sessionDb, String sql) {
        Set<String> found = new LinkedHashSet<>();
        if (sessionDb == null || names.isDatabase(sessionDb) || databaseWord.matcher(sql).find()) {
            words.forEach((table, p) -> {
                if (p.matcher(sql).find()) {
                    found.add(table);
                }
            });
        }
        return found;
    }

    private static Pattern word(String name) {
        return Pattern.compile("(?iu)(?<![\\p{L}\\p{N}_$])" + Pattern.quote(name) + "(?![\\p{L}\\p{N}_$])");
    }
}
