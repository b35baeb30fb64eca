-- one row per enrollment enrolled from $start to $end (the cohorts of E3, E4 and E5)
-- days_to_first_contact (E3, null without a contact), contacts_30 (E4), and for E5 at day N
-- (30, 90, 180): due_N (day N has come by $last_day) and retained_N (not discharged before
-- day N, and a contact in the 30 days before it: days N-30 to N-1).
-- Parameters: $programs, $workers, $start, $end, $last_day.
with

enrollments_in_scope as (
    select enrollment_id, program_id, worker_id, enrolled_on, discharged_on
    from enrollments
    where ($programs is null or list_contains($programs, program_id))
        and ($workers is null or list_contains($workers, worker_id))
        and enrolled_on >= cast($start as date)
        and enrolled_on <= cast($end as date)
),

contact_days as (
    select
        e.enrollment_id,
        min(date_diff('day', e.enrolled_on, c.contact_on)) as days_to_first_contact,
        count(case when c.contact_on < e.enrolled_on + 30 then 1 end) as contacts_30,
        count(case when c.contact_on >= e.enrolled_on and c.contact_on < e.enrolled_on + 30
            then 1 end) as recent_30,
        count(case when c.contact_on >= e.enrolled_on + 60 and c.contact_on < e.enrolled_on + 90
            then 1 end) as recent_90,
        count(case when c.contact_on >= e.enrolled_on + 150
            and c.contact_on < e.enrolled_on + 180 then 1 end) as recent_180
    from enrollments_in_scope as e
    inner join contacts as c on c.enrollment_id = e.enrollment_id
    group by e.enrollment_id
),

final as (
    select
        e.enrollment_id,
        e.program_id,
        e.worker_id,
        e.enrolled_on,
        cast(date_trunc('month', e.enrolled_on) as date) as cohort_month,
        cast(date_trunc('quarter', e.enrolled_on) as date) as cohort_quarter,
        c.days_to_first_contact,
        coalesce(c.contacts_30, 0) as contacts_30,
        e.enrolled_on + 30 <= $last_day as due_30,
        e.enrolled_on + 90 <= $last_day as due_90,
        e.enrolled_on + 180 <= $last_day as due_180,
        (e.discharged_on is null or e.discharged_on >= e.enrolled_on + 30)
            and coalesce(c.recent_30, 0) > 0 as retained_30,
        (e.discharged_on is null or e.discharged_on >= e.enrolled_on + 90)
            and coalesce(c.recent_90, 0) > 0 as retained_90,
        (e.discharged_on is null or e.discharged_on >= e.enrolled_on + 180)
            and coalesce(c.recent_180, 0) > 0 as retained_180
    from enrollments_in_scope as e
    left join contact_days as c on c.enrollment_id = e.enrollment_id
)

select * from final
order by enrolled_on, enrollment_id
