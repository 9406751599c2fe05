-- 接诉即办 "三率" (the three rates leaders watch, DOMAIN.md §3) of the 12345 tickets registered in
-- [{from}, {to}) (UTC instants), grouped by {by}: 'department' (the lead department, 主办部门),
-- 'category' (the top of the category tree) or 'month' (of registration, China time); the row with
-- is_total = 1 holds the whole period. {department} ('' for all) keeps one department's tickets.
-- {now} is the Clock port's instant (not the server's clock), for clocks that have run out.
-- Duplicates merged into another ticket (合并) are left out: their master carries the matter.
--
--   response_rate      响应率 = responded_on_time / response_base
--                      response_base: tickets with a lead department whose sign clock (签收时限)
--                      has ended: signed, or past the sign due time unsigned
--                      responded_on_time: of those, every signing on time and none owed past due
--                      (a redo, 重办, starts a new sign clock)
--   resolution_rate    解决率 = resolved / resolution_base, from the callback as Beijing's 接诉即办
--                      counts it: resolution_base: tickets whose caller answered 是否解决 (by the
--                      latest callback that asked, after any redo); resolved: of those, the caller
--                      said solved. Callbacks recorded before the question was asked are not counted.
--   finish_rate        按期办结率 = finished_on_time / finish_base: finish_base: tickets with a lead
--                      department whose finish clock (办结时限, moved by an approved extension) has
--                      ended: replied, or past the finish due time unreplied; finished_on_time: every
--                      reply on time and none owed past due.
--   satisfaction_rate  满意率 = (satisfied + basically_satisfied) / called_back, by each ticket's
--                      latest callback (after any redo)
-- Rates are NULL when their base is 0.
--
-- Also: registered, answered directly (直办), dispatched, returns (退单), approved extensions (延期),
-- redone tickets (重办), supervision orders (督办) and repeat_caller_tickets: tickets whose caller
-- (by the keyed hash, never the phone) registered two or more tickets in the period, merged
-- duplicates included.
WITH repeat_callers AS
(
    SELECT caller_key
    FROM ticket_facts_latest
    WHERE registered_at >= {from:DateTime64(3)} AND registered_at < {to:DateTime64(3)} AND caller_key IS NOT NULL
    GROUP BY caller_key
    HAVING count() > 1
)
SELECT
    multiIf({by:String} = 'department', ifNull(lead_department, ''),
            {by:String} = 'category', ifNull(top_category, ''),
            formatDateTime(toTimeZone(registered_at, 'Asia/Shanghai'), '%Y-%m'))                  AS key,
    grouping(key)                                                                                 AS is_total,
    argMax(top_category_name, registered_at)                                                      AS category_name,
    count()                                                                                       AS registered,
    countIf(answered_directly = 1)                                                                AS answered_directly,
    countIf(lead_department IS NOT NULL)                                                          AS dispatched,
    countIf(lead_department IS NOT NULL AND (signed_on_time IS NOT NULL OR sign_due_at < {now:DateTime64(3)}))     AS response_base,
    countIf(lead_department IS NOT NULL AND signed_on_time = 1
            AND NOT (signed_at IS NULL AND sign_due_at < {now:DateTime64(3)}))                    AS responded_on_time,
    countIf(callback_resolved IS NOT NULL)                                                        AS resolution_base,
    countIf(callback_resolved = 1)                                                                AS resolved,
    countIf(lead_department IS NOT NULL AND (replied_on_time IS NOT NULL OR finish_due_at < {now:DateTime64(3)}))  AS finish_base,
    countIf(lead_department IS NOT NULL AND replied_on_time = 1
            AND NOT (replied_at IS NULL AND finish_due_at < {now:DateTime64(3)}))                 AS finished_on_time,
    countIf(callback_result IS NOT NULL)                                                          AS called_back,
    countIf(callback_result = 'satisfied')                                                        AS satisfied,
    countIf(callback_result = 'basically_satisfied')                                              AS basically_satisfied,
    countIf(callback_result = 'unsatisfied')                                                      AS unsatisfied,
    if(response_base = 0, NULL, round(responded_on_time / response_base, 4))                      AS response_rate,
    if(resolution_base = 0, NULL, round(resolved / resolution_base, 4))                           AS resolution_rate,
    if(finish_base = 0, NULL, round(finished_on_time / finish_base, 4))                           AS finish_rate,
    if(called_back = 0, NULL, round((satisfied + basically_satisfied) / called_back, 4))          AS satisfaction_rate,
    sum(returns)                                                                                  AS returns,
    sum(extensions)                                                                               AS extensions,
    countIf(redo_rounds > 0)                                                                      AS redone,
    sum(supervisions)                                                                             AS supervisions,
    countIf(caller_key IN repeat_callers)                                                         AS repeat_caller_tickets
FROM ticket_facts_latest
WHERE registered_at >= {from:DateTime64(3)} AND registered_at < {to:DateTime64(3)}
  AND status != 'merged'
  AND ({department:String} = '' OR lead_department = {department:String})
GROUP BY GROUPING SETS ((key), ())
ORDER BY is_total, key
SETTINGS prefer_column_name_to_alias = 1
