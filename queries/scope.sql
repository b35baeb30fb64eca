-- one row per program in the scope: the ONE scope filter. Every query that reads records of
-- programs or workers filters through its two relations, which queries/db.py puts before the
-- query's own (its `with` list), so that no query writes the test out by hand:
--   where program_id in (select program_id from scope_programs)
--       and worker_id in (select worker_id from scope_workers)
-- scope_programs: the programs chosen ($every_program, or those listed in $programs; an empty
-- list is none, never all); scope_workers: the primary workers chosen ($every_worker, or
-- those listed in $workers). Parameters: $every_program, $programs, $every_worker, $workers
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
)

select program_id from scope_programs
