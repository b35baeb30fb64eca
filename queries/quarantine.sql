-- one row per rejected row kept in quarantine by an import: its raw values and the reasons
-- Parameters: $import_id.
with

kept as (
    select
        table_name,
        source,
        row_number,
        problems,
        raw_values
    from quarantine
    where import_id = $import_id
),

final as (
    select * from kept
)

select * from final
order by table_name, source, row_number
