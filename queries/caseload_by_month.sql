-- one row per calendar month from $start to $end
-- W1: peer specialists employed on the month's last day, and how many of them carry more
-- active enrollments per FTE than $threshold. The program filter picks workers by their
-- program; a worker's caseload is all their active enrollments, whatever the enrollment's
-- program (it is their workload). Parameters: $programs, $start, $end, $threshold.
with

specialists as (
    select worker_id, fte, hired_on, left_on
    from workers
    where role = 'peer_specialist'
        and ($programs is null or list_contains($programs, program_id))
),

months as (
    select
        cast(m as date) as month,
        least(cast(m + interval 1 month as date) - 1, cast($end as date)) as month_end
    from generate_series(
        date_trunc('month', cast($start as date)),
        date_trunc('month', cast($end as date)),
        interval 1 month
    ) as t (m)
),

on_staff as (
    select months.month, months.month_end, s.worker_id, s.fte
    from months
    inner join specialists as s
        on s.hired_on <= months.month_end
        and (s.left_on is null or s.left_on > months.month_end)
),

caseloads as (
    select
        o.month,
        o.worker_id,
        o.fte,
        count(e.enrollment_id) as caseload
    from on_staff as o
    left join enrollments as e
        on e.worker_id = o.worker_id
        and e.enrolled_on <= o.month_end
        and (e.discharged_on is null or e.discharged_on > o.month_end)
    group by o.month, o.worker_id, o.fte
),

final as (
    select
        month,
        count(*) as workers,
        cast(sum(case when caseload / fte > $threshold then 1 else 0 end) as bigint)
            as over_threshold
    from caseloads
    group by month
)

select * from final
order by month
