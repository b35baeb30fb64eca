-- one row per enrollment enrolled from $start to $end (the cohorts of E3, E4 and E5)
-- days_to_first_contact (E3, null without a contact), contacts_30 (E4), and for E5 at day N
-- (30, 90, 180): due_N (day N has come by $last_day) and retained_N (not discharged before
-- day N, and a contact in the 30 days before it: days N-30 to N-1). The contact counts are
-- the enrollment's, from enrollment_summary.
-- Parameters: the scope filter's ($start and $end among them), $last_day.
with

enrollments_in_scope as (
    select *
    from enrollment_summary
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
        and enrolled_on >= (select start_day from scope_dates)
        and enrolled_on <= (select end_day from scope_dates)
),

final as (
    select
        enrollment_id,
        program_id,
        worker_id,
        enrolled_on,
        cast(date_trunc('month', enrolled_on) as date) as cohort_month,
        cast(date_trunc('quarter', enrolled_on) as date) as cohort_quarter,
        date_diff('day', enrolled_on, first_contact_on) as days_to_first_contact,
        contacts_30,
        enrolled_on + 30 <= $last_day as due_30,
        enrolled_on + 90 <= $last_day as due_90,
        enrolled_on + 180 <= $last_day as due_180,
        (discharged_on is null or discharged_on >= enrolled_on + 30) and recent_30 > 0
            as retained_30,
        (discharged_on is null or discharged_on >= enrolled_on + 90) and recent_90 > 0
            as retained_90,
        (discharged_on is null or discharged_on >= enrolled_on + 180) and recent_180 > 0
            as retained_180
    from enrollments_in_scope
)

select * from final
order by enrolled_on, enrollment_id
