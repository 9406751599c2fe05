-- 重复来电: callers who registered two or more tickets in [{from}, {to}) (UTC instants), merged
-- duplicates (合并) included, told apart by the keyed hash of their phone (caller_key), never by the
-- phone itself. {department} ('' for all) counts that lead department's tickets of such callers.
--   callers  repeat callers with a ticket in scope
--   tickets  their tickets in scope
--   most_calls  the most tickets one of them registered in the period (in scope or not)
WITH per_caller AS
(
    SELECT caller_key, count() AS n
    FROM ticket_facts_latest
    WHERE registered_at >= {from:DateTime64(3)} AND registered_at < {to:DateTime64(3)} AND caller_key IS NOT NULL
    GROUP BY caller_key
    HAVING n > 1
)
SELECT
    uniqExact(t.caller_key)  AS callers,
    count()                  AS tickets,
    max(p.n)                 AS most_calls
FROM ticket_facts_latest AS t
INNER JOIN per_caller AS p ON p.caller_key = t.caller_key
WHERE t.registered_at >= {from:DateTime64(3)} AND t.registered_at < {to:DateTime64(3)}
  AND ({department:String} = '' OR t.lead_department = {department:String})
