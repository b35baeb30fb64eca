-- one row per worker per month, from $start to $end, with any supervision record or any
-- check-in reporting supervision minutes, for the chosen programs' and workers' workers
-- W4: a worker-month with supervision records of its own counts their individual minutes
-- (group minutes shown apart, never toward the target); a month without any counts the
-- supervision_minutes its check-ins report (on the check-in's month). Parameters: the scope
-- filter's ($start and $end among them).
with

workers_in_scope as (
    select worker_id, display_name
    from workers
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
),

sessions as (
    select
        s.worker_id,
        cast(date_trunc('month', s.held_on) as date) as month,
        sum(case when s.kind = 'individual' then s.minutes else 0 end) as individual_minutes,
        sum(case when s.kind = 'group' then s.minutes else 0 end) as group_minutes,
        count(*) as sessions
    from supervision as s
    inner join workers_in_scope as w on w.worker_id = s.worker_id
    where s.held_on between (select start_day from scope_dates)
            and (select end_day from scope_dates)
    group by s.worker_id, cast(date_trunc('month', s.held_on) as date)
),

reported as (
    select
        c.worker_id,
        cast(date_trunc('month', c.checkin_on) as date) as month,
        sum(c.supervision_minutes) as reported_minutes
    from wellbeing as c
    inner join workers_in_scope as w on w.worker_id = c.worker_id
    where c.checkin_on between (select start_day from scope_dates)
            and (select end_day from scope_dates)
        and c.supervision_minutes is not null
    group by c.worker_id, cast(date_trunc('month', c.checkin_on) as date)
),

combined as (
    select
        coalesce(s.worker_id, r.worker_id) as worker_id,
        coalesce(s.month, r.month) as month,
        case when s.worker_id is not null then 'records' else 'check-ins' end as source,
        case when s.worker_id is not null then s.individual_minutes
            else r.reported_minutes end as minutes,
        s.group_minutes,
        s.sessions,
        r.reported_minutes
    from sessions as s
    full outer join reported as r on r.worker_id = s.worker_id and r.month = s.month
),

final as (
    select
        c.worker_id,
        w.display_name,
        c.month,
        c.source,
        cast(c.minutes as bigint) as minutes,
        cast(c.group_minutes as bigint) as group_minutes,
        cast(c.sessions as bigint) as sessions,
        cast(c.reported_minutes as bigint) as reported_minutes
    from combined as c
    inner join workers_in_scope as w on w.worker_id = c.worker_id
)

select * from final
order by worker_id, month
