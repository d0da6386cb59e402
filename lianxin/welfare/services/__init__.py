"""Every welfare write: one module per area (hardship, warmth, mutual_aid), re-exported here."""
