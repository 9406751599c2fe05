-- 是否解决: the callback (回访) asks the caller whether the matter was solved as well as how
-- satisfied they are, as Beijing's 接诉即办 does, so the resolution rate (解决率) counts from the
-- caller's answer. Callbacks recorded before the question was asked leave it NULL.
ALTER TABLE ticket_facts
    ADD COLUMN IF NOT EXISTS callback_resolved Nullable(UInt8) AFTER callback_result;

-- As 0020's, with callback_resolved: the answer of the latest callback that gave one (a redo's
-- callback replaces the first's).
CREATE OR REPLACE VIEW ticket_facts_latest AS
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
    argMaxIf(callback_resolved, version, callback_resolved IS NOT NULL)                      AS callback_resolved,
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
