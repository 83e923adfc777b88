-- 0019 (PostgreSQL): the scheduled jobs moved from Quartz to Hangfire, whose tables live in the schema "hangfire",
-- installed by the migrations (docs/decisions/014-hangfire.md); Quartz's tables, which Quartz made for itself, are dropped.
-- Frozen: never edit, add a new script.
DROP TABLE IF EXISTS qrtz_simple_triggers, qrtz_cron_triggers, qrtz_simprop_triggers, qrtz_blob_triggers, qrtz_fired_triggers,
    qrtz_triggers, qrtz_job_details, qrtz_calendars, qrtz_paused_trigger_grps, qrtz_paused_job_grps, qrtz_scheduler_state,
    qrtz_locks, qrtz_execution_history, qrtz_misfire_history, qrtz_job_status CASCADE;
