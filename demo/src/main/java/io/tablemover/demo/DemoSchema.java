package io.tablemover.demo;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import io.tablemover.engine.sql.Statements;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.Record;
import org.jooq.Table;

/**
 * The three tables of the demo and the end-to-end tests, one per key shape the issue names:
 * {@code customers} (BIGINT UNSIGNED AUTO_INCREMENT primary key), {@code order_lines} (composite
 * (INT, VARCHAR(32)) primary key) and {@code accounts} (VARCHAR(64) primary key plus a UNIQUE key),
 * with seeding and random single-row writes (inserts, updates, key changes, deletes) against them.
 */
public final class DemoSchema {
    /** The table names, in creation order. */
    public static final List<String> TABLES = List.of("customers", "order_lines", "accounts");

    private static final List<String> DDL = List.of("""
            CREATE TABLE customers (
              id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
              name VARCHAR(100) NOT NULL,
              email VARCHAR(255) CHARACTER SET latin1 DEFAULT NULL,
              balance DECIMAL(12,2) NOT NULL DEFAULT '0.00',
              created_at DATETIME(6) NOT NULL,
              note TEXT,
              PRIMARY KEY (id),
              KEY idx_email (email)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""", """
            CREATE TABLE order_lines (
              order_id INT NOT NULL,
              sku VARCHAR(32) NOT NULL,
              qty INT NOT NULL,
              price DECIMAL(10,2) NOT NULL,
              shipped_at TIMESTAMP(6) NULL DEFAULT NULL,
              PRIMARY KEY (order_id, sku)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""", """
            CREATE TABLE accounts (
              code VARCHAR(64) NOT NULL,
              email VARCHAR(128) NOT NULL,
              payload JSON DEFAULT NULL,
              flags BIT(8) NOT NULL DEFAULT b'0',
              secret VARBINARY(32) DEFAULT NULL,
              PRIMARY KEY (code),
              UNIQUE KEY uk_email (email)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");

    private static final Field<Object> ID = field(name("id"));
    private static final Field<Object> ORDER_ID = field(name("order_id"));
    private static final Field<Object> SKU = field(name("sku"));
    private static final Field<Object> CODE = field(name("code"));
    private static final Field<Object> EMAIL = field(name("email"));

    private final String database;
    private final int seedRows;

    /**
     * @param database the source database
     * @param seedRows rows seeded per table; random writes aim at keys in that range
     */
    public DemoSchema(String database, int seedRows) {
        this.database = database;
        this.seedRows = seedRows;
    }

    /**
     * Creates the three tables (fixed demo DDL).
     *
     * @param dsl a context whose connections default to this schema's database
     */
    public void create(DSLContext dsl) {
        for (String ddl : DDL) {
            dsl.execute(ddl);
        }
    }

    /** Inserts {@code seedRows} rows into each table, 1000 rows per statement. */
    public void seed(DSLContext dsl) {
        Random random = new Random(42);
        for (int from = 0; from < seedRows; from += 1000) {
            int to = Math.min(seedRows, from + 1000);
            InsertValuesStepN<Record> c = dsl.insertInto(table("customers"), List.of(
                    field(name("id")), field(name("name")), field(name("email")), field(name("balance")),
                    field(name("created_at")), field(name("note"))));
            InsertValuesStepN<Record> o = dsl.insertInto(table("order_lines"), List.of(
                    ORDER_ID, SKU, field(name("qty")), field(name("price")), field(name("shipped_at"))));
            InsertValuesStepN<Record> a = dsl.insertInto(table("accounts"), List.of(
                    CODE, EMAIL, field(name("payload")), field(name("flags")), field(name("secret"))));
            for (int i = from; i < to; i++) {
                c = c.values(i + 1L, "customer " + i + " \u00e9\u00e8 \ud83d\ude80", i % 7 == 0 ? null : "c" + i + "@example.com",
                        new BigDecimal(random.nextInt(1_000_000)).movePointLeft(2),
                        LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(i).plusNanos(123_456_000L), i % 3 == 0 ? null : "note " + i);
                o = o.values(i / 4, "SKU-" + (i % 4) + (i % 5 == 0 ? "  " : ""), random.nextInt(100),
                        new BigDecimal(random.nextInt(100_000)).movePointLeft(2),
                        i % 2 == 0 ? null : LocalDateTime.of(2024, 6, 1, 12, 0).plusMinutes(i));
                a = a.values("acct-" + i, "a" + i + "@example.com", "{\"n\": " + i + ", \"tags\": [\"x\", \"y\"]}",
                        new byte[] {(byte) i}, new byte[] {0, (byte) i, 0});
            }
            c.execute();
            o.execute();
            a.execute();
        }
    }

    /**
     * Runs one random single-row write: an insert, an update, a key-changing update or a delete, on one
     * of the three tables.
     *
     * @return the rows affected (0 when the random row did not exist)
     */
    public int randomWrite(DSLContext dsl, Random r) {
        int op = r.nextInt(100);
        int n = r.nextInt(seedRows * 2);
        switch (r.nextInt(3)) {
            case 0 -> {
                Table<Record> t = table("customers");
                if (op < 35) {
                    return dsl.insertInto(t, field(name("name")), field(name("email")), field(name("balance")),
                                    field(name("created_at")))
                            .values("new " + n, "n" + n + "@example.com", BigDecimal.TEN, LocalDateTime.now().withNano(654_321_000))
                            .execute();
                } else if (op < 70) {
                    return dsl.update(t).set(field(name("balance")), (Object) new BigDecimal(r.nextInt(100_000)).movePointLeft(2))
                            .set(field(name("note")), (Object) ("updated " + n)).where(ID.eq(n)).execute();
                } else if (op < 85) {
                    // a key change: move the row to a fresh id far above the auto-increment range
                    return dsl.update(t).set(ID, (Object) (10_000_000L + r.nextInt(1_000_000_000))).where(ID.eq(n)).execute();
                } else {
                    return dsl.deleteFrom(t).where(ID.eq(n)).execute();
                }
            }
            case 1 -> {
                Table<Record> t = table("order_lines");
                String sku = "SKU-" + r.nextInt(6);
                if (op < 35) {
                    return dsl.insertInto(t, ORDER_ID, SKU, field(name("qty")), field(name("price")))
                            .values(n / 4, sku, r.nextInt(10), BigDecimal.ONE).onDuplicateKeyIgnore().execute();
                } else if (op < 70) {
                    return dsl.update(t).set(field(name("qty")), (Object) r.nextInt(1000))
                            .set(field(name("shipped_at")), (Object) LocalDateTime.now().withNano(1000))
                            .where(ORDER_ID.eq(n / 4)).and(SKU.eq(sku)).execute();
                } else if (op < 85) {
                    return dsl.update(t).set(SKU, (Object) ("SKU-" + r.nextInt(6) + "x" + r.nextInt(1000)))
                            .where(ORDER_ID.eq(n / 4)).and(SKU.eq(sku)).execute();
                } else {
                    return dsl.deleteFrom(t).where(ORDER_ID.eq(n / 4)).and(SKU.eq(sku)).execute();
                }
            }
            default -> {
                Table<Record> t = table("accounts");
                if (op < 30) {
                    return dsl.insertInto(t, CODE, EMAIL, field(name("payload")))
                            .values("acct-" + n + "-" + r.nextInt(1000), "n" + n + "-" + r.nextInt(1_000_000) + "@example.com",
                                    "{\"new\": true}")
                            .onDuplicateKeyIgnore().execute();
                } else if (op < 55) {
                    return dsl.update(t).set(field(name("payload")), (Object) ("{\"v\": " + r.nextInt() + "}"))
                            .set(field(name("flags")), (Object) new byte[] {(byte) r.nextInt(256)})
                            .where(CODE.eq("acct-" + n)).execute();
                } else if (op < 70) {
                    // swap an email between rows through the UNIQUE key: a transient conflict for the apply
                    return dsl.update(t).set(EMAIL, (Object) ("swapped" + r.nextInt(seedRows) + "@example.com"))
                            .where(CODE.eq("acct-" + n)).execute();
                } else if (op < 85) {
                    return dsl.update(t).set(CODE, (Object) ("acct-" + n + "-moved-" + r.nextInt(1000)))
                            .where(CODE.eq("acct-" + n)).execute();
                } else {
                    return dsl.deleteFrom(t).where(CODE.eq("acct-" + n)).execute();
                }
            }
        }
    }

    private Table<Record> table(String name) {
        return Statements.table(database, name);
    }

    /** @return the demo tables' names as a list for {@code --tables} */
    public static List<String> tables() {
        return new ArrayList<>(TABLES);
    }
}
