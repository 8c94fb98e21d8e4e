package io.tablemover.engine.binlog;

import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Decodes the row images of one moved table: a row's stored columns ({@link TableSchema#storedColumns()}, generated
 * columns left out) as the Java values a JDBC read of the row gives ({@link ColumnDecoders}), and its key
 * ({@link BinlogKeyDecoder}). The image lists the table's columns in ordinal order, those its event's column bitmap
 * includes (every one with {@code binlog_row_image=FULL}, virtual generated columns too).
 *
 * <p>Whatever cannot be decoded exactly fails with a {@link BinlogException} naming the table and column; nothing is
 * ever replaced by a default.
 */
public final class RowImageDecoder {
    private final TableSchema table;
    private final List<Column> stored;
    private final List<ColumnDecoders.CellDecoder> decoders = new ArrayList<>();

    /**
     * @throws BinlogException if a stored column's values cannot be decoded exactly (e.g. a character set Java
     *     has no equivalent for)
     */
    public RowImageDecoder(TableSchema table) {
        this.table = table;
        this.stored = table.storedColumns();
        for (Column c : stored) {
            try {
                decoders.add(ColumnDecoders.of(c));
            } catch (RuntimeException e) {
                throw failure(c, e);
            }
        }
    }

    /**
     * @param image a row image as the deserializer gives it: the included columns, in ordinal order
     * @param included the event's column bitmap (bit i: the column of ordinal i + 1 is in the image)
     * @return the stored columns' values, null for SQL NULL
     * @throws BinlogException if a stored column is not in the image or its value cannot be decoded exactly
     */
    public List<Object> row(Serializable[] image, BitSet included) {
        List<Object> row = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            Column c = stored.get(i);
            Serializable cell = image[position(c, included)];
            try {
                row.add(cell == null ? null : decoders.get(i).decode(cell));
            } catch (Exception e) {
                throw failure(c, e);
            }
        }
        return row;
    }

    /**
     * @return the row's key, in the form {@code ValueReader.keyOf} gives for the same row
     * @throws BinlogException if a key column is not in the image or cannot be decoded
     */
    public KeyValue key(Serializable[] image, BitSet included) {
        Serializable[] full = new Serializable[table.columns().size()];
        for (Column c : table.requireKey().columns()) {
            full[c.ordinal() - 1] = image[position(c, included)];
        }
        try {
            return BinlogKeyDecoder.decode(table.requireKey(), full);
        } catch (RuntimeException e) {
            throw new BinlogException("table " + table.name() + ": cannot decode the key " + table.requireKey()
                    + " of a changed row from the binlog (" + Fixes.oneLine(e) + "); this run cannot continue",
                    Fixes.CANCEL_AND_START_AGAIN);
        }
    }

    /** @return where column {@code c} sits in an image with the {@code included} columns */
    private int position(Column c, BitSet included) {
        int bit = c.ordinal() - 1;
        if (!included.get(bit)) {
            throw new BinlogException("table " + table.name() + ": a binlog row image lacks column " + c.name()
                    + " (a session wrote with binlog_row_image other than FULL); this run cannot continue",
                    "write with binlog_row_image=FULL only (sessions included); then " + Fixes.CANCEL_AND_START_AGAIN);
        }
        return included.get(0, bit).cardinality();
    }

    private BinlogException failure(Column c, Exception e) {
        return new BinlogException("table " + table.name() + ", column " + c.name() + " (" + c.columnType()
                + "): cannot decode its value from the binlog row image exactly (" + Fixes.oneLine(e) + ")", null);
    }
}
