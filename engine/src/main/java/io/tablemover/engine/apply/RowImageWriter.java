package io.tablemover.engine.apply;

import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import java.util.List;
import java.util.Map;

/**
 * Where the {@link Applier} writes a batch's row images: {@link ImageWriter} (the forward stream, and the reverse
 * stream of an unsharded move), or the reverse stream's reconciling writer for resharded targets
 * ({@code reverse.ShardReconciler}).
 */
public interface RowImageWriter {
    /**
     * Makes the rows of the changed keys of {@code table} where it is written equal to their images.
     *
     * @param images the latest image of each changed key (stored columns; null: the key has no row), at most the
     *     change buffer's batch (tens of thousands of keys)
     * @throws io.tablemover.engine.transfer.TransferException if a server fails other than by deadlock or lock wait
     *     timeout, or past the retries
     */
    void write(TableSchema table, Map<KeyValue, List<Object>> images);
}
