-- 12345 hotline ticket facts (工单事实) for the leaders' measures, written by the `ticket-facts`
-- projection from the `ticket-<id>` streams.
--
-- Like case_facts: a projection handler sees one event at a time and cannot copy earlier facts
-- forward, so each ticket event writes one row with the facts it knows (NULL for the others) and
-- `version` = the event's global position. ReplacingMergeTree ordered by (ticket_id, version) merges
-- away a replayed event's row; `ticket_facts_latest` folds the rows into one row per ticket, whatever
-- order they arrived in, and counts per ticket with uniqExact over versions, so a row not merged yet
-- is never counted twice.
--
-- No personal data: no name, phone, address, location or text. `caller_key` is a keyed hash (HMAC)
-- of the caller's phone, computed by the application with a per-installation key before the event is
-- written; it tells that two tickets came from one phone, not whose phone it was.
CREATE TABLE IF NOT EXISTS ticket_facts
(
    ticket_id            String,
    -- 工单编号 12345-YYYYMMDD-NNNN.
    ticket_no            Nullable(String),
    -- consultation 咨询, help 求助, complaint 投诉, report 举报, suggestion 建议, praise 表扬.
    type                 LowCardinality(Nullable(String)),
    -- phone, web, app, mini_program, email.
    channel              LowCardinality(Nullable(String)),
    -- normal, urgent.
    urgency              LowCardinality(Nullable(String)),
    -- The category the ticket was classified under, and the top of its branch of the tree, with
    -- their names as they stood then.
    category_code        LowCardinality(Nullable(String)),
    category_name        Nullable(String),
    top_category         LowCardinality(Nullable(String)),
    top_category_name    Nullable(String),
    district             LowCardinality(Nullable(String)),
    district_name        Nullable(String),
    -- 主办部门. '' after a return (退单): with no department until the center dispatches it again.
    lead_department      LowCardinality(Nullable(String)),
    -- registered, answered, dispatched, signed, replied, closed, archived, merged; '' for an event
    -- that leaves the status as it was (the latest view skips it).
    status               LowCardinality(String),
    registered_at        Nullable(DateTime64(3, 'UTC')),
    answered_at          Nullable(DateTime64(3, 'UTC')),
    -- The latest dispatch: the first, a re-dispatch after a return, or a redo (重办).
    dispatched_at        Nullable(DateTime64(3, 'UTC')),
    -- Signed and replied in the current round. A dispatch or redo writes 1970-01-01 here, which the
    -- latest view reads as "not yet in this round".
    signed_at            Nullable(DateTime64(3, 'UTC')),
    replied_at           Nullable(DateTime64(3, 'UTC')),
    called_back_at       Nullable(DateTime64(3, 'UTC')),
    closed_at            Nullable(DateTime64(3, 'UTC')),
    archived_at          Nullable(DateTime64(3, 'UTC')),
    -- The clocks of the current round: 签收 and 办结 from the dispatch (办结 moved by an approved
    -- extension), 回访 from the reply.
    sign_due_at          Nullable(DateTime64(3, 'UTC')),
    finish_due_at        Nullable(DateTime64(3, 'UTC')),
    callback_due_at      Nullable(DateTime64(3, 'UTC')),
    -- Per signing by the lead department / reply / callback: by the end of its clock (the domain decides).
    signed_on_time       Nullable(UInt8),
    replied_on_time      Nullable(UInt8),
    called_back_on_time  Nullable(UInt8),
    -- 1 for the first handling; each redo adds one.
    round                Nullable(UInt32),
    -- Returns so far (the event counts them).
    returns              Nullable(UInt32),
    -- Flags of one row each, counted per ticket by the latest view.
    extension_requested  Nullable(UInt8),
    extension_approved   Nullable(UInt8),
    -- supervise 督办 or urge 催办.
    supervision_kind     LowCardinality(Nullable(String)),
    -- satisfied 满意, basically_satisfied 基本满意, unsatisfied 不满意: one row per callback.
    callback_result      LowCardinality(Nullable(String)),
    -- On a duplicate: the ticket it was merged into. On the master: one row per duplicate taken in.
    merged_into          Nullable(String),
    merged_from          Nullable(String),
    -- 直办: answered by the center itself, perhaps from a knowledge base article (id and version).
    answered_directly    Nullable(UInt8),
    article_id           Nullable(String),
    article_version      Nullable(UInt32),
    published            Nullable(UInt8),
    caller_key           Nullable(String),
    version              UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (ticket_id, version);

-- One row per ticket with its latest known facts. Output columns keep the table's names where they
-- mean the same, so the query must resolve names inside the aggregates to the columns, not to its
-- own aliases.
--   signed_on_time / replied_on_time: every signing / reply so far was on time (min over them),
--     NULL while there has been none.
--   redo_rounds: 重办 so far; extensions: approved extensions; merged_count: duplicates taken in.
--   callback_result: the latest callback's; first_callback_result: the first one's.
CREATE VIEW IF NOT EXISTS ticket_facts_latest AS
SELECT
    ticket_id,
    argMaxIf(ticket_no, version, ticket_no IS NOT NULL)                                      AS ticket_no,
    argMaxIf(type, version, type IS NOT NULL)                                                AS type,
    argMaxIf(channel, version, channel IS NOT NULL)                                          AS channel,
    argMaxIf(urgency, version, urgency IS NOT NULL)                                          AS urgency,
    argMaxIf(category_code, version, category_code IS NOT NULL)                              AS category_code,
    argMaxIf(category_name, version, category_name IS NOT NULL)                              AS category_name,
    argMaxIf(top_category, version, top_category IS NOT NULL)                                AS top_category,
    argMaxIf(top_category_name, version, top_category_name IS NOT NULL)                      AS top_category_name,
    argMaxIf(district, version, district IS NOT NULL)                                        AS district,
    argMaxIf(district_name, version, district_name IS NOT NULL)                              AS district_name,
    nullIf(argMaxIf(lead_department, version, lead_department IS NOT NULL), '')              AS lead_department,
    argMaxIf(status, version, status != '')                                                  AS status,
    argMaxIf(registered_at, version, registered_at IS NOT NULL)                              AS registered_at,
    argMaxIf(answered_at, version, answered_at IS NOT NULL)                                  AS answered_at,
    argMaxIf(dispatched_at, version, dispatched_at IS NOT NULL)                              AS dispatched_at,
    nullIf(argMaxIf(signed_at, version, signed_at IS NOT NULL), toDateTime64(0, 3, 'UTC'))   AS signed_at,
    nullIf(argMaxIf(replied_at, version, replied_at IS NOT NULL), toDateTime64(0, 3, 'UTC')) AS replied_at,
    argMaxIf(called_back_at, version, called_back_at IS NOT NULL)                            AS called_back_at,
    argMaxIf(closed_at, version, closed_at IS NOT NULL)                                      AS closed_at,
    argMaxIf(archived_at, version, archived_at IS NOT NULL)                                  AS archived_at,
    argMaxIf(sign_due_at, version, sign_due_at IS NOT NULL)                                  AS sign_due_at,
    argMaxIf(finish_due_at, version, finish_due_at IS NOT NULL)                              AS finish_due_at,
    argMaxIf(callback_due_at, version, callback_due_at IS NOT NULL)                          AS callback_due_at,
    min(signed_on_time)                                                                      AS signed_on_time,
    min(replied_on_time)                                                                     AS replied_on_time,
    min(called_back_on_time)                                                                 AS called_back_on_time,
    ifNull(max(round), 1) - 1                                                                AS redo_rounds,
    ifNull(max(returns), 0)                                                                  AS returns,
    uniqExactIf(version, extension_requested = 1)                                            AS extensions_requested,
    uniqExactIf(version, extension_approved = 1)                                             AS extensions,
    uniqExactIf(version, supervision_kind = 'supervise')                                     AS supervisions,
    uniqExactIf(version, supervision_kind = 'urge')                                          AS urgings,
    uniqExactIf(version, callback_result IS NOT NULL)                                        AS callbacks,
    argMaxIf(callback_result, version, callback_result IS NOT NULL)                          AS callback_result,
    argMinIf(callback_result, version, callback_result IS NOT NULL)                          AS first_callback_result,
    argMaxIf(merged_into, version, merged_into IS NOT NULL)                                  AS merged_into,
    uniqExactIf(merged_from, merged_from IS NOT NULL)                                        AS merged_count,
    ifNull(argMaxIf(answered_directly, version, answered_directly IS NOT NULL), 0)           AS answered_directly,
    argMaxIf(article_id, version, article_id IS NOT NULL)                                    AS article_id,
    argMaxIf(article_version, version, article_version IS NOT NULL)                          AS article_version,
    ifNull(max(published), 0)                                                                AS published,
    argMaxIf(caller_key, version, caller_key IS NOT NULL)                                    AS caller_key,
    max(version)                                                                             AS version
FROM ticket_facts
GROUP BY ticket_id
SETTINGS prefer_column_name_to_alias = 1;
