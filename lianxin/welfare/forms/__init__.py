"""Welfare forms: one module per area (hardship, warmth, mutual_aid)."""
