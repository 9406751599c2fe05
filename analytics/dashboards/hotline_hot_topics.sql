-- 热点诉求: what citizens call about most in [{from}, {to}) and how that compares with the period
-- of the same length before it, [{previous_from}, {from}) (UTC instants). Counted by ticket
-- registered, merged duplicates (合并) included: each is a citizen calling about the matter.
-- {department} ('' for all) keeps one lead department's tickets.
--
-- One row per dimension and key, the {limit} largest of each dimension this period:
--   total         every ticket                           key = ''
--   top_category  the top of the category tree            key = its code
--   category      the category tickets were classified in key = its code (parent = its top)
--   district      the district                           key = its code
--   spot          a category in a district (热点区域)      key = category code, parent = district code
-- current, previous: tickets in each period; change = current - previous;
-- change_rate = change / previous, NULL when there were none before.
SELECT
    g.1                                                              AS dimension,
    g.2                                                              AS key,
    g.3                                                              AS parent,
    argMax(g.4, registered_at)                                       AS name,
    argMax(g.5, registered_at)                                       AS parent_name,
    countIf(registered_at >= {from:DateTime64(3)})                   AS current,
    countIf(registered_at < {from:DateTime64(3)})                    AS previous,
    toInt64(current) - toInt64(previous)                             AS change,
    if(previous = 0, NULL, round(change / previous, 4))              AS change_rate
FROM ticket_facts_latest
ARRAY JOIN [
    ('total',        '',                        '',                      '',                            ''),
    ('top_category', ifNull(top_category, ''),  '',                      ifNull(top_category_name, ''), ''),
    ('category',     ifNull(category_code, ''), ifNull(top_category, ''), ifNull(category_name, ''),     ifNull(top_category_name, '')),
    ('district',     ifNull(district, ''),      '',                      ifNull(district_name, ''),     ''),
    ('spot',         ifNull(category_code, ''), ifNull(district, ''),     ifNull(category_name, ''),     ifNull(district_name, ''))
] AS g
WHERE registered_at >= {previous_from:DateTime64(3)} AND registered_at < {to:DateTime64(3)}
  AND ({department:String} = '' OR lead_department = {department:String})
GROUP BY dimension, key, parent
HAVING current > 0 OR dimension = 'total'
ORDER BY dimension, current DESC, change DESC, key
LIMIT {limit:UInt32} BY dimension
SETTINGS prefer_column_name_to_alias = 1
