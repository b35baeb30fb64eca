-- one row per calendar month from $start to $end
-- E1: enrollments active on the month's last day; E2: contacts in the month per enrollment
-- active at any time in it. The last month ends at $end; `complete` says a month is whole and
-- within the data. Parameters: the scope filter's (queries/scope.sql: programs, primary
-- workers, $start and $end), $last_day.
with

enrollments_in_scope as (
    select enrollment_id, enrolled_on, discharged_on
    from enrollments
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
),

months as (
    select
        cast(m as date) as month,
        least(cast(m + interval 1 month as date) - 1, d.end_day) as month_end,
        cast(m + interval 1 month as date) - 1 <= least(d.end_day, $last_day) as complete
    from scope_dates as d
    cross join unnest(generate_series(
        date_trunc('month', d.start_day),
        date_trunc('month', d.end_day),
        interval 1 month
    )) as t (m)
),

-- active on day d: enrolled_on <= d < discharged_on (a same-day discharge is never active)
active as (
    select
        months.month,
        cast(sum(case when e.discharged_on is null or e.discharged_on > months.month_end
            then 1 else 0 end) as bigint) as active_at_end,
        count(*) as active_in_month
    from months
    inner join enrollments_in_scope as e
        on e.enrolled_on <= months.month_end
        and (e.discharged_on is null
             or e.discharged_on > greatest(e.enrolled_on, months.month))
    group by months.month
),

contacts_per_month as (
    select
        cast(date_trunc('month', c.contact_on) as date) as month,
        count(*) as contacts
    from contacts as c
    inner join enrollments_in_scope as e on e.enrollment_id = c.enrollment_id
    where c.contact_on
            >= cast(date_trunc('month', (select start_day from scope_dates)) as date)
        and c.contact_on <= (select end_day from scope_dates)
    group by cast(date_trunc('month', c.contact_on) as date)
),

final as (
    select
        months.month,
        months.month_end,
        months.complete,
        coalesce(active.active_at_end, 0) as active_at_end,
        coalesce(active.active_in_month, 0) as active_in_month,
        coalesce(contacts_per_month.contacts, 0) as contacts
    from months
    left join active on active.month = months.month
    left join contacts_per_month on contacts_per_month.month = months.month
)

select * from final
order by month
