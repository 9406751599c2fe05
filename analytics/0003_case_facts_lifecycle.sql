-- Case facts of the whole lifecycle (办件全流程): supplement notices, suspensions, the extension,
-- fees, certificates, delivery, and the endings without a decision (不予受理, 撤回, 终止).
--
-- Rows keep their meaning (0002): one row per case event with the facts that event knows, NULL
-- for the others. Events that do not change the status (an extension, a fee) write status ''
-- and the latest view takes the status of the latest row that has one.
ALTER TABLE case_facts
    ADD COLUMN IF NOT EXISTS item_version            Nullable(UInt32),
    -- Counts as accepted from receipt: the supplement notice was not given in time (行政许可法 art. 32).
    ADD COLUMN IF NOT EXISTS deemed_accepted         Nullable(UInt8),
    ADD COLUMN IF NOT EXISTS supplement_requested_at Nullable(DateTime64(3, 'UTC')),
    -- Working days the clock stood still, over every suspension so far (art. 45).
    ADD COLUMN IF NOT EXISTS suspended_days          Nullable(UInt32),
    -- Working days the one extension added (art. 42).
    ADD COLUMN IF NOT EXISTS extension_days          Nullable(UInt32),
    ADD COLUMN IF NOT EXISTS fee_cents               Nullable(UInt64),
    ADD COLUMN IF NOT EXISTS fee_paid_at             Nullable(DateTime64(3, 'UTC')),
    ADD COLUMN IF NOT EXISTS certificate_no          Nullable(String),
    ADD COLUMN IF NOT EXISTS certificate_issued_at   Nullable(DateTime64(3, 'UTC')),
    -- Issued within 10 working days of the grant (art. 44).
    ADD COLUMN IF NOT EXISTS certificate_on_time     Nullable(UInt8),
    ADD COLUMN IF NOT EXISTS delivered_at            Nullable(DateTime64(3, 'UTC')),
    ADD COLUMN IF NOT EXISTS delivery_method         LowCardinality(Nullable(String)),
    -- Refused, withdrawn or terminated: when the case ended without a decision.
    ADD COLUMN IF NOT EXISTS closed_at               Nullable(DateTime64(3, 'UTC')),
    -- 好差评, 1 (非常不满意) … 5 (非常满意); written once ratings exist.
    ADD COLUMN IF NOT EXISTS rating                  Nullable(UInt8);

-- One row per case: per column, the latest value it was given (latest version wins).
CREATE OR REPLACE VIEW case_facts_latest AS
SELECT
    case_id,
    argMaxIf(case_no, version, case_no IS NOT NULL)                                 AS case_no,
    argMaxIf(item_code, version, item_code IS NOT NULL)                             AS item_code,
    argMaxIf(item_version, version, item_version IS NOT NULL)                       AS item_version,
    argMaxIf(department, version, department IS NOT NULL)                           AS department,
    argMaxIf(channel, version, channel IS NOT NULL)                                 AS channel,
    argMaxIf(status, version, status != '')                                         AS status,
    argMaxIf(submitted_at, version, submitted_at IS NOT NULL)                       AS submitted_at,
    argMaxIf(accepted_at, version, accepted_at IS NOT NULL)                         AS accepted_at,
    argMaxIf(deemed_accepted, version, deemed_accepted IS NOT NULL)                 AS deemed_accepted,
    argMaxIf(supplement_requested_at, version, supplement_requested_at IS NOT NULL) AS supplement_requested_at,
    argMaxIf(decided_at, version, decided_at IS NOT NULL)                           AS decided_at,
    argMaxIf(completed_at, version, completed_at IS NOT NULL)                       AS completed_at,
    argMaxIf(closed_at, version, closed_at IS NOT NULL)                             AS closed_at,
    argMaxIf(due_date, version, due_date IS NOT NULL)                               AS due_date,
    argMaxIf(granted, version, granted IS NOT NULL)                                 AS granted,
    argMaxIf(working_days_used, version, working_days_used IS NOT NULL)             AS working_days_used,
    argMaxIf(suspended_days, version, suspended_days IS NOT NULL)                   AS suspended_days,
    argMaxIf(extension_days, version, extension_days IS NOT NULL)                   AS extension_days,
    argMaxIf(on_time, version, on_time IS NOT NULL)                                 AS on_time,
    argMaxIf(fee_cents, version, fee_cents IS NOT NULL)                             AS fee_cents,
    argMaxIf(fee_paid_at, version, fee_paid_at IS NOT NULL)                         AS fee_paid_at,
    argMaxIf(certificate_no, version, certificate_no IS NOT NULL)                   AS certificate_no,
    argMaxIf(certificate_issued_at, version, certificate_issued_at IS NOT NULL)     AS certificate_issued_at,
    argMaxIf(certificate_on_time, version, certificate_on_time IS NOT NULL)         AS certificate_on_time,
    argMaxIf(delivered_at, version, delivered_at IS NOT NULL)                       AS delivered_at,
    argMaxIf(delivery_method, version, delivery_method IS NOT NULL)                 AS delivery_method,
    argMaxIf(rating, version, rating IS NOT NULL)                                   AS rating,
    max(version)                                                                    AS version
FROM case_facts
GROUP BY case_id
SETTINGS prefer_column_name_to_alias = 1;
