package dev.greenlight.api.activities;

import dev.greenlight.api.model.AppliedMigration;
import java.util.List;

/**
 * What a migrate step did. Also the details of its failure: the migrations applied before the one
 * that failed stay applied.
 *
 * @param applied migrations applied by this step, over all its attempts (empty when the schema was
 *     already current)
 * @param schemaVersion the schema version afterwards
 * @param detail one line for status
 */
public record MigrationReport(
    List<AppliedMigration> applied, String schemaVersion, String detail) {}
