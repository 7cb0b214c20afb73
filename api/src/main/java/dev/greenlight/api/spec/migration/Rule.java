package dev.greenlight.api.spec.migration;

/**
 * What Greenlight refuses in a migration, because the live color keeps serving on the shared
 * database while it runs. Each rule is breaking (the old code trips on the new schema) or locking
 * (live queries wait on a lock or a table rewrite); a file opts out of a whole class with a comment
 * {@code -- greenlight:allow-breaking <why>} or {@code -- greenlight:allow-locking <why>}.
 */
public enum Rule {
  DROP_TABLE(Kind.BREAKING, "drop-table"),
  DROP_OBJECT(Kind.BREAKING, "drop-object"),
  DROP_COLUMN(Kind.BREAKING, "drop-column"),
  RENAME_TABLE(Kind.BREAKING, "rename-table"),
  RENAME_COLUMN(Kind.BREAKING, "rename-column"),
  CHANGE_COLUMN_TYPE(Kind.BREAKING, "change-column-type"),
  ADD_COLUMN_NOT_NULL(Kind.BREAKING, "add-column-not-null"),
  SET_NOT_NULL(Kind.BREAKING, "set-not-null"),
  DROP_DEFAULT(Kind.BREAKING, "drop-default"),
  TRUNCATE(Kind.BREAKING, "truncate"),
  CREATE_INDEX(Kind.LOCKING, "create-index"),
  DROP_INDEX(Kind.LOCKING, "drop-index"),
  CONCURRENTLY_IN_TRANSACTION(Kind.LOCKING, "concurrently-in-transaction"),
  NON_TRANSACTIONAL_FILE(Kind.LOCKING, "non-transactional-file"),
  CONSTRAINT_NOT_VALID(Kind.LOCKING, "constraint-without-not-valid"),
  VALIDATE_SAME_TRANSACTION(Kind.LOCKING, "validate-in-same-transaction"),
  UNIQUE_CONSTRAINT(Kind.LOCKING, "unique-constraint"),
  TABLE_REWRITE(Kind.LOCKING, "table-rewrite"),
  SET_NOT_NULL_SCAN(Kind.LOCKING, "set-not-null-scan"),
  EXCLUSIVE_LOCK(Kind.LOCKING, "exclusive-lock"),
  BACKFILL_WITH_DDL(Kind.LOCKING, "backfill-with-ddl");

  /** The two classes of rules, each with its own opt-out directive. */
  public enum Kind {
    /** The live color's code trips on the new schema. */
    BREAKING("greenlight:allow-breaking"),
    /** Live queries wait behind a long or queued lock, or a table rewrite. */
    LOCKING("greenlight:allow-locking");

    private final String directive;

    Kind(String directive) {
      this.directive = directive;
    }

    /** The comment that opts a file out, e.g. {@code greenlight:allow-locking}. */
    public String directive() {
      return directive;
    }

    /** {@code breaking} or {@code locking}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Kind kind;
  private final String id;

  Rule(Kind kind, String id) {
    this.kind = kind;
    this.id = id;
  }

  public Kind kind() {
    return kind;
  }

  /** The rule's name in messages and JSON, e.g. {@code drop-column}. */
  public String id() {
    return id;
  }
}
