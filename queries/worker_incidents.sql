-- one row per critical incident record, or per check-in reporting critical incidents, from
-- $since to $end, for the chosen programs' and workers' workers
-- W5, W6: a worker-quarter with incident records of its own counts them (one each); a quarter
-- without any counts what its check-ins report (critical_incidents, on the check-in's day).
-- Parameters: the scope filter's ($end among them: scope_end), $since (the first day of the
-- incidents, on or before the scope's start: queries/workforce.py).
with

workers_in_scope as (
    select worker_id, display_name
    from workers
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
),

logged as (
    select
        i.worker_id,
        i.occurred_on,
        cast(date_trunc('quarter', i.occurred_on) as date) as quarter,
        'records' as source,
        1 as incidents,
        i.kind,
        i.debriefed
    from incidents as i
    inner join workers_in_scope as w on w.worker_id = i.worker_id
    where i.occurred_on between cast($since as date) and (select end_day from scope_end)
),

-- a quarter's records are looked for over the whole quarter, so a range starting mid-quarter
-- still lets them win over that quarter's check-ins
logged_quarters as (
    select distinct
        i.worker_id,
        cast(date_trunc('quarter', i.occurred_on) as date) as quarter
    from incidents as i
    inner join workers_in_scope as w on w.worker_id = i.worker_id
    where i.occurred_on <= (select end_day from scope_end)
),

reported as (
    select
        c.worker_id,
        c.checkin_on as occurred_on,
        cast(date_trunc('quarter', c.checkin_on) as date) as quarter,
        'check-ins' as source,
        c.critical_incidents as incidents,
        cast(null as varchar) as kind,
        cast(null as boolean) as debriefed
    from wellbeing as c
    inner join workers_in_scope as w on w.worker_id = c.worker_id
    where c.checkin_on between cast($since as date) and (select end_day from scope_end)
        and c.critical_incidents > 0
),

unlogged as (
    select r.*
    from reported as r
    left join logged_quarters as q on q.worker_id = r.worker_id and q.quarter = r.quarter
    where q.worker_id is null
),

combined as (
    select * from logged
    union all
    select * from unlogged
),

final as (
    select
        c.worker_id,
        w.display_name,
        c.occurred_on,
        c.quarter,
        c.source,
        cast(c.incidents as bigint) as incidents,
        c.kind,
        c.debriefed
    from combined as c
    inner join workers_in_scope as w on w.worker_id = c.worker_id
)

select * from final
order by worker_id, occurred_on, source, kind, debriefed, incidents  -- ties: identical rows
