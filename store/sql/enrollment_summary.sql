-- one row per enrollment: the facts the pages need from its contacts, events and interviews,
-- worked out once whenever the data changes (store/summaries.py refresh_summaries, inside every
-- import's and undo's transaction) rather than from millions of contacts on every page view.
-- Contacts: the first and last contact day; contacts before day 30 and before day 90 (E4, R7);
-- contacts on days 0-29, 60-89 and 150-179, the 30 days before day 30, 90 and 180 (E5).
-- Events: the first recurrence on or after the enrollment day (R3, R4).
-- Interviews: the first intake interview (the baseline) and its instrument; the first 6-month
-- interview (the reassessment) in the instrument's window (R1, R6, R8; reassessment_windows:
-- GPRA 150-240 days after the intake, SUPRT-A/C 150-210 unless the settings say else); the first in-window 6-month interview that reports days_used_30 (R2); and for SUPRT
-- the first closeout (a discharge interview) on or after the intake, after which no later
-- reassessment is due. "First" is by day, then assessment_id.
-- No parameters: the pages' queries filter it by their scope.
with

contact_facts as (
    select
        e.enrollment_id,
        min(c.contact_on) as first_contact_on,
        max(c.contact_on) as last_contact_on,
        count(case when c.contact_on < e.enrolled_on + 30 then 1 end) as contacts_30,
        count(case when c.contact_on < e.enrolled_on + 90 then 1 end) as contacts_90,
        count(case when c.contact_on >= e.enrolled_on and c.contact_on < e.enrolled_on + 30
            then 1 end) as recent_30,
        count(case when c.contact_on >= e.enrolled_on + 60 and c.contact_on < e.enrolled_on + 90
            then 1 end) as recent_90,
        count(case when c.contact_on >= e.enrolled_on + 150
            and c.contact_on < e.enrolled_on + 180 then 1 end) as recent_180
    from enrollments as e
    inner join contacts as c on c.enrollment_id = e.enrollment_id
    group by e.enrollment_id
),

first_recurrence as (
    select e.enrollment_id, min(ev.event_on) as recurred_on
    from enrollments as e
    inner join events as ev on ev.enrollment_id = e.enrollment_id
    where ev.event_type = 'recurrence' and ev.event_on >= e.enrolled_on
    group by e.enrollment_id
),

ranked as (
    select
        enrollment_id,
        wave,
        assessed_on,
        assessment_id,
        barc10_total,
        stable_housing,
        employed_or_in_school,
        arrests_30,
        days_used_30,
        instrument,
        row_number() over (
            partition by enrollment_id, wave order by assessed_on, assessment_id
        ) as nth
    from assessments
    where wave in ('intake', '6_month')
),

windows as (
    select instrument, opens, closes
    from reassessment_windows
),

intakes as (
    select r.*, w.opens, w.closes
    from ranked as r
    inner join windows as w on w.instrument = r.instrument
    where r.wave = 'intake' and r.nth = 1
),

closeouts as (
    select i.enrollment_id, min(a.assessed_on) as closeout_on
    from intakes as i
    inner join assessments as a on a.enrollment_id = i.enrollment_id
    where i.instrument <> 'gpra' and a.wave = 'discharge' and a.assessed_on >= i.assessed_on
    group by i.enrollment_id
),

in_window as (
    select
        s.*,
        row_number() over (
            partition by s.enrollment_id order by s.assessed_on, s.assessment_id
        ) as nth_in_window,
        row_number() over (
            partition by s.enrollment_id, s.days_used_30 is not null
            order by s.assessed_on, s.assessment_id
        ) as nth_reporting_use
    from ranked as s
    inner join intakes as i on i.enrollment_id = s.enrollment_id
    where s.wave = '6_month'
        and s.assessed_on between i.assessed_on + i.opens and i.assessed_on + i.closes
),

final as (
    select
        e.enrollment_id,
        e.participant_id,
        e.program_id,
        e.worker_id,
        e.enrolled_on,
        e.discharged_on,
        e.discharge_reason,
        c.first_contact_on,
        c.last_contact_on,
        coalesce(c.contacts_30, 0) as contacts_30,
        coalesce(c.contacts_90, 0) as contacts_90,
        coalesce(c.recent_30, 0) as recent_30,
        coalesce(c.recent_90, 0) as recent_90,
        coalesce(c.recent_180, 0) as recent_180,
        r.recurred_on,
        i.assessed_on as intake_on,
        i.instrument as intake_instrument,
        i.assessed_on + i.opens as window_opens,
        i.assessed_on + i.closes as window_closes,
        co.closeout_on,
        i.barc10_total as intake_barc10,
        i.stable_housing as intake_housed,
        i.employed_or_in_school as intake_employed,
        i.arrests_30 as intake_arrests,
        s.assessed_on as six_month_on,
        s.barc10_total as six_month_barc10,
        s.stable_housing as six_month_housed,
        s.employed_or_in_school as six_month_employed,
        s.arrests_30 as six_month_arrests,
        u.assessed_on as use_reported_on,
        u.days_used_30
    from enrollments as e
    left join contact_facts as c on c.enrollment_id = e.enrollment_id
    left join first_recurrence as r on r.enrollment_id = e.enrollment_id
    left join intakes as i on i.enrollment_id = e.enrollment_id
    left join closeouts as co on co.enrollment_id = e.enrollment_id
    left join in_window as s on s.enrollment_id = e.enrollment_id and s.nth_in_window = 1
    left join in_window as u
        on u.enrollment_id = e.enrollment_id
        and u.days_used_30 is not null
        and u.nth_reporting_use = 1
)

select * from final
order by enrollment_id
