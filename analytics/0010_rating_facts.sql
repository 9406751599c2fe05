-- Rating facts (好差评) for dashboards and supervision rules, written by the `rating-facts` projection.
--
-- Like case_facts: a projection handler sees one event at a time and cannot copy earlier facts
-- forward, so each rating event writes one row with the facts it knows (NULL for the others) and
-- `version` = the event's global position. ReplacingMergeTree ordered by (case_id, version) merges
-- away a replayed event's row; `rating_facts_latest` folds the rows into one row per rating, per
-- column the value of the latest row where it is not NULL, whatever order the rows arrived in.
CREATE TABLE IF NOT EXISTS rating_facts
(
    case_id             String,
    case_no             Nullable(String),
    item_code           LowCardinality(Nullable(String)),
    department          LowCardinality(Nullable(String)),
    channel             LowCardinality(Nullable(String)),
    -- 1 非常不满意 … 5 非常满意; bad = 1 for 不满意 and 非常不满意 (国办发〔2019〕51号).
    score               Nullable(UInt8),
    bad                 Nullable(UInt8),
    status              LowCardinality(String),
    rated_at            Nullable(DateTime64(3, 'UTC')),
    -- Chinese calendar date by which a bad rating is verified and rectified, in working days.
    due_date            Nullable(Date),
    -- verified (属实) or unfounded (不属实).
    finding             LowCardinality(Nullable(String)),
    verified_at         Nullable(DateTime64(3, 'UTC')),
    rectified_at        Nullable(DateTime64(3, 'UTC')),
    -- Rectified, or found unfounded, by the end of the due date.
    resolved_on_time    Nullable(UInt8),
    called_back_at      Nullable(DateTime64(3, 'UTC')),
    satisfied           Nullable(UInt8),
    version             UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (case_id, version);

-- One row per rating with its latest known facts. Output columns keep the table's names, so the
-- query must resolve names inside the aggregates to the columns, not to its own aliases.
CREATE VIEW IF NOT EXISTS rating_facts_latest AS
SELECT
    case_id,
    argMaxIf(case_no, version, case_no IS NOT NULL)                   AS case_no,
    argMaxIf(item_code, version, item_code IS NOT NULL)               AS item_code,
    argMaxIf(department, version, department IS NOT NULL)             AS department,
    argMaxIf(channel, version, channel IS NOT NULL)                   AS channel,
    argMaxIf(score, version, score IS NOT NULL)                       AS score,
    argMaxIf(bad, version, bad IS NOT NULL)                           AS bad,
    argMax(status, version)                                           AS status,
    argMaxIf(rated_at, version, rated_at IS NOT NULL)                 AS rated_at,
    argMaxIf(due_date, version, due_date IS NOT NULL)                 AS due_date,
    argMaxIf(finding, version, finding IS NOT NULL)                   AS finding,
    argMaxIf(verified_at, version, verified_at IS NOT NULL)           AS verified_at,
    argMaxIf(rectified_at, version, rectified_at IS NOT NULL)         AS rectified_at,
    argMaxIf(resolved_on_time, version, resolved_on_time IS NOT NULL) AS resolved_on_time,
    argMaxIf(called_back_at, version, called_back_at IS NOT NULL)     AS called_back_at,
    argMaxIf(satisfied, version, satisfied IS NOT NULL)               AS satisfied,
    max(version)                                                      AS version
FROM rating_facts
GROUP BY case_id
SETTINGS prefer_column_name_to_alias = 1;
