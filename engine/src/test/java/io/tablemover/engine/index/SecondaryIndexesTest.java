package io.tablemover.engine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecondaryIndexesTest {
    private static final String DDL = """
            CREATE TABLE `t` (
              `id` bigint NOT NULL AUTO_INCREMENT,
              `seq` int NOT NULL,
              `name` varchar(64) NOT NULL,
              `doc` text,
              PRIMARY KEY (`seq`,`id`),
              UNIQUE KEY `u_name` (`name`),
              KEY `k_id` (`id`),
              KEY `k``odd` (`name`(10) DESC,`seq`) COMMENT 'why?, {0}',
              KEY `k_fn` ((lower(`name`))) /*!80000 INVISIBLE */,
              FULLTEXT KEY `ft` (`doc`)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""";

    @Test
    void plainKeysAreDeferredButNotUniqueFulltextOrTheAutoIncrementOne() {
        assertEquals(List.of(
                new SecondaryIndexes.Index("k`odd", "KEY `k``odd` (`name`(10) DESC,`seq`) COMMENT 'why?, {0}'"),
                new SecondaryIndexes.Index("k_fn", "KEY `k_fn` ((lower(`name`))) /*!80000 INVISIBLE */")),
                SecondaryIndexes.deferrable(DDL));
    }

    @Test
    void aTableWithoutPlainKeysDefersNothing() {
        assertEquals(List.of(), SecondaryIndexes.deferrable("CREATE TABLE `t` (\n  `id` int NOT NULL,\n  PRIMARY KEY (`id`)\n)"));
    }
}
