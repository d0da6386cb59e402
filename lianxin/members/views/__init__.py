"""The members pages: the registry and its people (registry.py), decisions and figures (work.py),
joining and the member's card (join.py), 集中入会 (roster.py). Views translate; nothing else."""
