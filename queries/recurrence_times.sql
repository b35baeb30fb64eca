-- one row per enrollment with enrolled_on from $start to $end (and by $last_day)
-- R4: days from enrolled_on to the first recurrence (event), or to discharge or $last_day,
-- whichever is first (censored). R3 and R7: whether there are 180 days of follow-up by
-- $last_day, and a recurrence on days 0-179 (discharged or not). Contacts before day 30 and
-- before day 90, for the engagement tiers. The first recurrence and the contact counts are the
-- enrollment's, from enrollment_summary. Parameters: the scope filter's ($start and $end
-- among them), $last_day.
with

cohort as (
    select
        enrollment_id,
        program_id,
        enrolled_on,
        least(coalesce(discharged_on, cast($last_day as date)), cast($last_day as date))
            as followed_to,
        recurred_on,
        contacts_30,
        contacts_90
    from enrollment_summary
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
        and enrolled_on between (select start_day from scope_dates)
            and (select end_day from scope_dates)
        and enrolled_on <= cast($last_day as date)
),

final as (
    select
        enrollment_id,
        program_id,
        cast(date_trunc('month', enrolled_on) as date) as month,
        coalesce(recurred_on <= followed_to, false) as event,
        case when recurred_on <= followed_to then date_diff('day', enrolled_on, recurred_on)
            else date_diff('day', enrolled_on, followed_to) end as time,
        enrolled_on + 180 <= cast($last_day as date) as followed_180,
        coalesce(recurred_on < enrolled_on + 180, false) as recurred_180,
        cast(contacts_30 as bigint) as contacts_30,
        cast(contacts_90 as bigint) as contacts_90
    from cohort
)

select * from final
order by enrollment_id
