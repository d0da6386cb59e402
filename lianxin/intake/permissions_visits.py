"""Who may read what a diary entry says about a person: every kind of day's rule (fieldwork)."""

from lianxin.fieldwork.permissions import may_see_diary_contacts

__all__ = ["may_see_diary_contacts"]
