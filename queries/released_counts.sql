-- one row per funder metric, quarter and program (the total: program_id null) as first
-- released: the exact counts behind each kept figure (never served: the release's own ground
-- for a program's whole year). Null where the quarter was kept before counts were kept with it.
-- Parameters: none.
with

counted as (
    select
        metric,
        quarter,
        program_id,
        counted_numerator as numerator,
        counted_denominator as denominator,
        program_id is null as is_total
    from released_figures
),

final as (
    select * from counted
)

select * from final
