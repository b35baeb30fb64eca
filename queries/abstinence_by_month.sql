-- one row per program and calendar month of interview from $start to $end
-- R2: in-window 6-month interviews (150-240 days after the intake interview) that report
-- days_used_30, and how many report 0; one per enrollment (the first in the window, should an
-- interview have been repeated). Parameters: $programs, $workers (primary workers) (lists, or
-- null), $start, $end.
with

enrollments_in_scope as (
    select enrollment_id, program_id
    from enrollments
    where ($programs is null or list_contains($programs, program_id))
        and ($workers is null or list_contains($workers, worker_id))
),

intakes as (
    select enrollment_id, min(assessed_on) as intake_on
    from assessments
    where wave = 'intake'
    group by enrollment_id
),

in_window as (
    select
        e.program_id,
        s.assessed_on,
        s.days_used_30,
        row_number() over (
            partition by s.enrollment_id order by s.assessed_on, s.assessment_id
        ) as nth
    from assessments as s
    inner join intakes as i on i.enrollment_id = s.enrollment_id
    inner join enrollments_in_scope as e on e.enrollment_id = s.enrollment_id
    where s.wave = '6_month'
        and s.assessed_on between i.intake_on + 150 and i.intake_on + 240
        and s.days_used_30 is not null
),

six_month as (
    select program_id, assessed_on, days_used_30
    from in_window
    where nth = 1
        and assessed_on >= cast(date_trunc('month', cast($start as date)) as date)
        and assessed_on <= cast($end as date)
),

final as (
    select
        program_id,
        cast(date_trunc('month', assessed_on) as date) as month,
        count(*) as interviews,
        cast(sum(case when days_used_30 = 0 then 1 else 0 end) as bigint) as abstinent
    from six_month
    group by program_id, cast(date_trunc('month', assessed_on) as date)
)

select * from final
order by month, program_id
