-- one row per enrollment with an intake interview, in $programs and of $workers
-- R1, R6, R8 and the interviews due: the first intake interview; the first 6-month interview
-- in its window (150-240 days after the intake), with its answers (one per enrollment, should
-- an interview have been repeated); intakes from $start - 240 days to $end.
-- Parameters: $programs, $workers, $start, $end.
with

enrollments_in_scope as (
    select
        e.enrollment_id,
        e.participant_id,
        e.program_id,
        e.worker_id,
        w.display_name as worker_name,
        e.discharge_reason
    from enrollments as e
    left join workers as w on w.worker_id = e.worker_id
    where ($programs is null or list_contains($programs, e.program_id))
        and ($workers is null or list_contains($workers, e.worker_id))
),

ranked as (
    select
        a.enrollment_id,
        a.wave,
        a.assessed_on,
        a.barc10_total,
        a.stable_housing,
        a.employed_or_in_school,
        a.arrests_30,
        row_number() over (
            partition by a.enrollment_id, a.wave order by a.assessed_on, a.assessment_id
        ) as nth
    from assessments as a
    inner join enrollments_in_scope as e on e.enrollment_id = a.enrollment_id
    where a.wave in ('intake', '6_month')
),

-- every figure needs only intakes from 240 days before the range to its end (R1's windows
-- closing in it, R6/R8's interviews in it, the interviews due at its end)
intakes as (
    select *
    from ranked
    where wave = 'intake' and nth = 1
        and assessed_on >= cast($start as date) - 240
        and assessed_on <= cast($end as date)
),

in_window as (
    select
        s.*,
        row_number() over (
            partition by s.enrollment_id order by s.assessed_on, s.nth
        ) as nth_in_window
    from ranked as s
    inner join intakes as i on i.enrollment_id = s.enrollment_id
    where s.wave = '6_month'
        and s.assessed_on between i.assessed_on + 150 and i.assessed_on + 240
),

final as (
    select
        e.enrollment_id,
        e.participant_id,
        e.program_id,
        e.worker_id,
        e.worker_name,
        e.discharge_reason,
        i.assessed_on as intake_on,
        i.assessed_on + 150 as window_opens,
        i.assessed_on + 240 as window_closes,
        i.barc10_total as intake_barc10,
        i.stable_housing as intake_housed,
        i.employed_or_in_school as intake_employed,
        i.arrests_30 as intake_arrests,
        s.assessed_on as six_month_on,
        s.barc10_total as six_month_barc10,
        s.stable_housing as six_month_housed,
        s.employed_or_in_school as six_month_employed,
        s.arrests_30 as six_month_arrests
    from intakes as i
    inner join enrollments_in_scope as e on e.enrollment_id = i.enrollment_id
    left join in_window as s on s.enrollment_id = i.enrollment_id and s.nth_in_window = 1
)

select * from final
order by enrollment_id
