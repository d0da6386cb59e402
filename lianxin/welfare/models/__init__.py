"""The welfare models, one module per area; Django finds them through these imports."""
