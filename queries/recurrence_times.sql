-- one row per enrollment with enrolled_on from $start to $end (and by $last_day)
-- R4: days from enrolled_on to the first recurrence (event), or to discharge or $last_day,
-- whichever is first (censored). R3 and R7: whether there are 180 days of follow-up by
-- $last_day, and a recurrence on days 0-179 (discharged or not). Contacts on days 0-29 and
-- 0-89, for the engagement tiers. Parameters: $programs, $workers, $start, $end, $last_day.
with

cohort as (
    select
        enrollment_id,
        program_id,
        enrolled_on,
        least(coalesce(discharged_on, cast($last_day as date)), cast($last_day as date))
            as followed_to
    from enrollments
    where ($programs is null or list_contains($programs, program_id))
        and ($workers is null or list_contains($workers, worker_id))
        and enrolled_on between cast($start as date) and cast($end as date)
        and enrolled_on <= cast($last_day as date)
),

first_recurrence as (
    select k.enrollment_id, min(ev.event_on) as recurred_on
    from cohort as k
    inner join events as ev on ev.enrollment_id = k.enrollment_id
    where ev.event_type = 'recurrence' and ev.event_on >= k.enrolled_on
    group by k.enrollment_id
),

early_contacts as (
    select
        k.enrollment_id,
        sum(case when c.contact_on < k.enrolled_on + 30 then 1 else 0 end) as contacts_30,
        sum(case when c.contact_on < k.enrolled_on + 90 then 1 else 0 end) as contacts_90
    from cohort as k
    inner join contacts as c on c.enrollment_id = k.enrollment_id
    group by k.enrollment_id
),

final as (
    select
        k.enrollment_id,
        k.program_id,
        cast(date_trunc('month', k.enrolled_on) as date) as month,
        coalesce(r.recurred_on <= k.followed_to, false) as event,
        case when r.recurred_on <= k.followed_to then date_diff('day', k.enrolled_on, r.recurred_on)
            else date_diff('day', k.enrolled_on, k.followed_to) end as time,
        k.enrolled_on + 180 <= cast($last_day as date) as followed_180,
        coalesce(r.recurred_on < k.enrolled_on + 180, false) as recurred_180,
        cast(coalesce(c.contacts_30, 0) as bigint) as contacts_30,
        cast(coalesce(c.contacts_90, 0) as bigint) as contacts_90
    from cohort as k
    left join first_recurrence as r on r.enrollment_id = k.enrollment_id
    left join early_contacts as c on c.enrollment_id = k.enrollment_id
)

select * from final
order by enrollment_id
