-- Case facts (办件事实) for dashboards and supervision rules, written by the `case-facts` projection.
--
-- One row per case event, holding the facts that event knows (NULL for the others) and
-- `version` = the event's global position. A projection handler sees one event at a time, so it
-- cannot copy earlier facts forward; instead `case_facts_latest` takes, per case and per column,
-- the value of the latest row where it is not NULL (argMaxIf), and the status of the latest row.
-- That stays right however rows arrive: replayed after a crash, or rebuilt from position 0.
-- ORDER BY (case_id, version) makes a replayed event's row a duplicate that merges away.
CREATE TABLE IF NOT EXISTS case_facts
(
    case_id            String,
    case_no            Nullable(String),
    item_code          LowCardinality(Nullable(String)),
    department         LowCardinality(Nullable(String)),
    channel            LowCardinality(Nullable(String)),
    status             LowCardinality(String),
    submitted_at       Nullable(DateTime64(3, 'UTC')),
    accepted_at        Nullable(DateTime64(3, 'UTC')),
    decided_at         Nullable(DateTime64(3, 'UTC')),
    completed_at       Nullable(DateTime64(3, 'UTC')),
    -- Chinese calendar date (UTC+08:00) ending the promised limit, in working days.
    due_date           Nullable(Date),
    granted            Nullable(UInt8),
    -- From acceptance to the decision (行政许可法 art. 42, 82).
    working_days_used  Nullable(UInt32),
    -- Decided by the end of the due date.
    on_time            Nullable(UInt8),
    version            UInt64
)
ENGINE = ReplacingMergeTree
ORDER BY (case_id, version);

-- The latest known facts of each case. Output columns keep the table's names, so the query
-- must resolve names inside the aggregates to the columns, not to its own aliases.
CREATE VIEW IF NOT EXISTS case_facts_latest AS
SELECT
    case_id,
    argMaxIf(case_no, version, case_no IS NOT NULL)                     AS case_no,
    argMaxIf(item_code, version, item_code IS NOT NULL)                 AS item_code,
    argMaxIf(department, version, department IS NOT NULL)               AS department,
    argMaxIf(channel, version, channel IS NOT NULL)                     AS channel,
    argMax(status, version)                                             AS status,
    argMaxIf(submitted_at, version, submitted_at IS NOT NULL)           AS submitted_at,
    argMaxIf(accepted_at, version, accepted_at IS NOT NULL)             AS accepted_at,
    argMaxIf(decided_at, version, decided_at IS NOT NULL)               AS decided_at,
    argMaxIf(completed_at, version, completed_at IS NOT NULL)           AS completed_at,
    argMaxIf(due_date, version, due_date IS NOT NULL)                   AS due_date,
    argMaxIf(granted, version, granted IS NOT NULL)                     AS granted,
    argMaxIf(working_days_used, version, working_days_used IS NOT NULL) AS working_days_used,
    argMaxIf(on_time, version, on_time IS NOT NULL)                     AS on_time,
    max(version)                                                        AS version
FROM case_facts
GROUP BY case_id
SETTINGS prefer_column_name_to_alias = 1;
