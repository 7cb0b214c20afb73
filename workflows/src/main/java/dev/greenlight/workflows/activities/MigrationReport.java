package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.model.AppliedMigration;
import java.util.List;

/**
 * What a migrate step did.
 *
 * @param applied migrations applied by this run (empty when the schema was already current)
 * @param schemaVersion the schema version afterwards
 * @param detail one line for status
 */
public record MigrationReport(List<AppliedMigration> applied, String schemaVersion, String detail) {}
