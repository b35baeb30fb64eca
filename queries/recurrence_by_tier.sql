-- one row per enrollment cohort month per tier of contacts in the first 90 days
-- R3 and R7: enrollments with enrolled_on from $start to $end and 180 days of follow-up by
-- $last_day, and how many have a recurrence event on days 0-179. Tiers: contacts on days 0-89
-- (0-2, 3-5, 6-11, 12+). Parameters: $programs, $workers, $start, $end, $last_day.
with

cohort as (
    select enrollment_id, enrolled_on
    from enrollments
    where ($programs is null or list_contains($programs, program_id))
        and ($workers is null or list_contains($workers, worker_id))
        and enrolled_on between cast($start as date) and cast($end as date)
        and enrolled_on + 180 <= cast($last_day as date)
),

early_contacts as (
    select k.enrollment_id, count(*) as contacts
    from cohort as k
    inner join contacts as c on c.enrollment_id = k.enrollment_id
    where c.contact_on < k.enrolled_on + 90
    group by k.enrollment_id
),

recurred as (
    select distinct k.enrollment_id
    from cohort as k
    inner join events as ev on ev.enrollment_id = k.enrollment_id
    where ev.event_type = 'recurrence'
        and ev.event_on >= k.enrolled_on
        and ev.event_on < k.enrolled_on + 180
),

tiered as (
    select
        cast(date_trunc('month', k.enrolled_on) as date) as month,
        case
            when coalesce(c.contacts, 0) <= 2 then 1
            when c.contacts <= 5 then 2
            when c.contacts <= 11 then 3
            else 4
        end as tier_rank,
        case when r.enrollment_id is null then 0 else 1 end as recurred
    from cohort as k
    left join early_contacts as c on c.enrollment_id = k.enrollment_id
    left join recurred as r on r.enrollment_id = k.enrollment_id
),

final as (
    select
        month,
        tier_rank,
        case tier_rank when 1 then '0-2' when 2 then '3-5' when 3 then '6-11' else '12+' end
            as tier,
        count(*) as enrollments,
        cast(sum(recurred) as bigint) as recurred
    from tiered
    group by month, tier_rank
)

select * from final
order by month, tier_rank
