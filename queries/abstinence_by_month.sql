-- one row per program and calendar month of interview from $start to $end
-- R2: in-window 6-month interviews (in the intake instrument's window) that report
-- days_used_30, and how many report 0; one per enrollment (the first in the window, should an
-- interview have been repeated: enrollment_summary's use_reported_on). Parameters: the scope
-- filter's (queries/scope.sql: programs, workers, $start and $end).
with

six_month as (
    select program_id, use_reported_on, days_used_30
    from enrollment_summary
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
        and use_reported_on
            >= cast(date_trunc('month', (select start_day from scope_dates)) as date)
        and use_reported_on <= (select end_day from scope_dates)
),

final as (
    select
        program_id,
        cast(date_trunc('month', use_reported_on) as date) as month,
        count(*) as interviews,
        cast(sum(case when days_used_30 = 0 then 1 else 0 end) as bigint) as abstinent
    from six_month
    group by program_id, cast(date_trunc('month', use_reported_on) as date)
)

select * from final
order by month, program_id
