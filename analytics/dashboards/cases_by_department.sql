-- 各部门办件情况 (leader chart): per department, the cases submitted since {since} (UTC), with
--   total      cases submitted
--   completed  cases completed (办结)
--   on_time    cases decided by their due date
--   overdue    cases decided after their due date, or with a running clock past it (红灯) on
--              {today}, the Chinese calendar date from the Clock port (not the server's clock).
--              A suspended clock stands still (行政许可法 art. 45); cases that ended without a
--              decision (不予受理, 撤回, 终止) have no clock left to overrun.
SELECT
    department,
    count()                                                          AS total,
    countIf(completed_at IS NOT NULL)                                AS completed,
    countIf(on_time = 1)                                             AS on_time,
    countIf(on_time = 0 OR (decided_at IS NULL AND status = 'accepted' AND due_date < {today:Date})) AS overdue
FROM case_facts_latest
WHERE submitted_at >= {since:DateTime64(3)}
GROUP BY department
ORDER BY department
SETTINGS prefer_column_name_to_alias = 1
