"""Pure chart builders: polars frames in, plotly figures (or display values) out."""
