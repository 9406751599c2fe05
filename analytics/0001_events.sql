-- Every event, projected once per (stream, revision): a re-delivered event replaces its twin on merge,
-- so queries read with FINAL.
CREATE TABLE IF NOT EXISTS events (
  event_id     UUID,
  stream       String,
  category     LowCardinality(String),
  revision     UInt64,
  position     UInt64,
  type         LowCardinality(String),
  occurred_at  DateTime64(3, 'UTC'),
  recorded_at  DateTime64(3, 'UTC'),
  actor_id     String,
  actor_role   LowCardinality(String),
  department   LowCardinality(String),
  data         String -- the event data as JSON text
) ENGINE = ReplacingMergeTree
ORDER BY (category, stream, revision);

-- The latest updated_at wins, so a projection's checkpoint is one row per name after FINAL.
CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name        String,
  position    UInt64,
  updated_at  DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(updated_at)
ORDER BY name;
