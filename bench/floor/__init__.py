"""The framework floor for the intake benchmark: Lianxin's settings, one bare view that inserts
the case row the REST API would insert — no token, no validation, no numbering, no journal."""
