-- one row per funder metric, quarter and program (and the all-program row, program_id null)
-- as first released: the figures every funder is served for that quarter from then on.
-- Parameters: none.
with

released as (
    select
        metric,
        quarter,
        program_id,
        program_name,
        numerator,
        denominator,
        value,
        median,
        suppressed,
        no_data
    from released_figures
),

final as (
    select * from released
)

select * from final
