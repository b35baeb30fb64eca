-- one row per acute-care or overdose event (R5, R9, W5): the enrollment's program and primary
-- worker; `enrolled` says the event fell while enrolled (enrolled_on <= event_on, and not after
-- discharged_on); `readmission` says a hospital or detox admission came 1-30 days after the
-- enrollment's previous one (whenever that was). Worked out once whenever the data changes
-- (store/summaries.py refresh_summaries, inside every import's and undo's transaction).
-- No parameters: the pages' queries filter it by their scope.
with

acute as (
    select
        ev.event_id,
        ev.enrollment_id,
        e.program_id,
        e.worker_id,
        ev.event_on,
        ev.event_type,
        ev.event_on >= e.enrolled_on
            and (e.discharged_on is null or ev.event_on <= e.discharged_on) as enrolled,
        ev.event_type in ('hospital_admission', 'detox_admission') as admission,
        date_diff('day', lag(ev.event_on) over (
            partition by ev.enrollment_id,
                ev.event_type in ('hospital_admission', 'detox_admission')
            order by ev.event_on, ev.event_id
        ), ev.event_on) as days_since_previous
    from events as ev
    inner join enrollments as e on e.enrollment_id = ev.enrollment_id
    where ev.event_type in ('ed_visit', 'hospital_admission', 'detox_admission', 'overdose',
                            'overdose_death')
),

final as (
    select
        event_id,
        enrollment_id,
        program_id,
        worker_id,
        event_on,
        event_type,
        enrolled,
        admission and coalesce(days_since_previous between 1 and 30, false) as readmission
    from acute
)

select * from final
order by event_on, event_id
