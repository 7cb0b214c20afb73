-- Greenlight's archive: every ended release, kept after Temporal's retention has dropped it.
-- Written by the workers (greenlight worker --archive-url), read by `greenlight audit` and `greenlight list --all`.
CREATE TABLE greenlight.releases (
  id             text PRIMARY KEY,          -- the release id (= Temporal workflow id)
  run_id         text NOT NULL,             -- the Temporal run the history belongs to
  app            text NOT NULL,
  version        text NOT NULL,
  state          text NOT NULL,             -- SUCCEEDED, ROLLED_BACK, FAILED, REJECTED, TIMED_OUT, ABORTED
  outcome        text,                      -- one sentence: why it ended as it did
  started_at     timestamptz,
  ended_at       timestamptz,
  status         jsonb NOT NULL,            -- the final status object, as `greenlight status --json` prints it
  history        text NOT NULL,             -- the workflow history JSON, byte for byte what `audit export` writes
  history_sha256 text NOT NULL,             -- hex SHA-256 of history, for an auditor to check the copy
  report_md      text NOT NULL,             -- `greenlight audit report` of that history, in Markdown
  archived_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX releases_started_at ON greenlight.releases (started_at DESC);
CREATE INDEX releases_app_started_at ON greenlight.releases (app, started_at DESC);
