"""Welfare permissions: one module per area (hardship, warmth, mutual_aid)."""
