-- one row per program and calendar month of discharge from $start to $end
-- A1: discharges (not deceased or incarcerated) with an attended appointment 0-7 and 0-30
-- days after discharged_on; closed_7 / closed_30 say the month is whole within the range and
-- every window of it has ended by $last_day.
-- Parameters: the scope filter's ($start and $end among them), $last_day.
with

-- the first attended appointment on or after the discharge day, from followup_summary
followed_up as (
    select
        program_id,
        cast(date_trunc('month', discharged_on) as date) as month,
        case when followed_up_on <= discharged_on + 7 then 1 else 0 end as within_7,
        case when followed_up_on <= discharged_on + 30 then 1 else 0 end as within_30
    from followup_summary
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
        and discharged_on
            >= cast(date_trunc('month', (select start_day from scope_dates)) as date)
        and discharged_on <= (select end_day from scope_dates)
        and discharge_reason not in ('deceased', 'incarcerated')
),

by_month as (
    select
        program_id,
        month,
        count(*) as discharges,
        cast(sum(within_7) as bigint) as within_7,
        cast(sum(within_30) as bigint) as within_30
    from followed_up
    group by program_id, month
),

final as (
    select
        program_id,
        month,
        discharges,
        within_7,
        within_30,
        cast(month + interval 1 month as date) - 1 <= d.end_day
            and cast(month + interval 1 month as date) - 1 + 7 <= $last_day as closed_7,
        cast(month + interval 1 month as date) - 1 <= d.end_day
            and cast(month + interval 1 month as date) - 1 + 30 <= $last_day as closed_30
    from by_month
    cross join scope_dates as d
)

select * from final
order by month, program_id
