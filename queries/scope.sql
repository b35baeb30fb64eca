-- one row per program in the scope: the ONE scope filter. Every query that reads records of
-- programs or workers, or of the scope's dates, filters through its relations, which
-- store/database.py puts before the query's own (its `with` list; only those the query reads, and
-- what they read), so that no query writes the test out by hand:
--   where program_id in (select program_id from scope_programs)
--       and worker_id in (select worker_id from scope_workers)
--       and enrolled_on >= (select start_day from scope_dates)
--       and enrolled_on <= (select end_day from scope_dates)
-- scope_programs: the programs chosen ($every_program, or those listed in $programs; an empty
-- list is none, never all); scope_workers: the primary workers chosen ($every_worker, or
-- those listed in $workers); scope_dates: one row, the range's first and last day ($start,
-- $end, both included); scope_end: one row, its last day alone, for the queries as of that
-- day, which some callers bind without $start. A query's own offsets (a month's first day,
-- 240 days earlier, whole weeks) are written on these columns.
-- Parameters: $every_program, $programs, $every_worker, $workers, $start, $end
-- (queries/scope.py program_params and Scope.params bind them).
with
scope_programs as (
    select program_id
    from programs
    where $every_program or list_contains(cast($programs as varchar[]), program_id)
),

scope_workers as (
    select worker_id
    from workers
    where $every_worker or list_contains(cast($workers as varchar[]), worker_id)
),

scope_end as (
    select cast($end as date) as end_day
),

scope_dates as (
    select cast($start as date) as start_day, end_day
    from scope_end
)

select program_id from scope_programs
