-- 各部门办件情况 (leader chart): per department, the cases submitted since {since} (UTC), with
--   total      cases submitted
--   completed  cases completed (办结)
--   on_time    cases decided by their due date
--   overdue    cases decided after their due date, or still undecided after it (红灯) on {today},
--              the Chinese calendar date from the Clock port (not the server's clock)
SELECT
    department,
    count()                                                          AS total,
    countIf(completed_at IS NOT NULL)                                AS completed,
    countIf(on_time = 1)                                             AS on_time,
    countIf(on_time = 0 OR (decided_at IS NULL AND due_date < {today:Date})) AS overdue
FROM case_facts_latest
WHERE submitted_at >= {since:DateTime64(3)}
GROUP BY department
ORDER BY department
SETTINGS prefer_column_name_to_alias = 1
