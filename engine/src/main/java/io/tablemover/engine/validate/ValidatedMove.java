package io.tablemover.engine.validate;

import io.tablemover.engine.schema.TableSchema;
import java.util.List;

/**
 * The result of a successful validation: the plan of the move.
 *
 * @param tables the source tables, with their chosen keys and the DDL to replay on the target
 * @param source the source server
 * @param target the target server
 */
public record ValidatedMove(List<TableSchema> tables, ServerInfo source, ServerInfo target) {}
