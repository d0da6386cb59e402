from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Journal events are never edited or deleted."""


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("journal events are never edited")

    def delete(self):
        raise AppendOnlyError("journal events are never deleted")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Visible to the worker")
    INTERNAL = "internal", _("Internal")


class Event(models.Model):
    """One move of one target (a case, a proposal, an entry), chained to the target's previous event.

    `hash` covers this event's fields and `prev_hash`, so editing or removing any event breaks the
    chain from there on; `verify_journal` walks every chain.
    """

    target_type = models.CharField(_("target type"), max_length=40)
    target_id = models.BigIntegerField(_("target"))
    seq = models.PositiveIntegerField(_("sequence"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor label"), max_length=150, blank=True)
    at = models.DateTimeField(_("time"))
    kind = models.CharField(_("kind"), max_length=40)
    note = models.TextField(_("note"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    state_before = models.CharField(_("state before"), max_length=30, blank=True)
    state_after = models.CharField(_("state after"), max_length=30, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal event")
        verbose_name_plural = _("journal events")
        ordering = ["target_type", "target_id", "seq"]
        constraints = [
            # Two concurrent writers cannot both append event N: the second fails and rolls back.
            models.UniqueConstraint(
                fields=["target_type", "target_id", "seq"], name="audit_event_one_per_seq"
            )
        ]
        indexes = [models.Index(fields=["kind", "at"])]

    def __str__(self) -> str:
        return f"{self.target_type}:{self.target_id}#{self.seq} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("journal events are never edited")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("journal events are never deleted")


class JournalHead(models.Model):
    """Where each target's chain ends: its length and last hash, moved with every event in the
    same transaction. A chain cut short at its end (its last events removed) still links up event
    by event; only this stored end tells that something is missing (`verify_journal`)."""

    target_type = models.CharField(_("target type"), max_length=40)
    target_id = models.BigIntegerField(_("target"))
    length = models.PositiveIntegerField(_("events"))
    head_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("journal head")
        verbose_name_plural = _("journal heads")
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id"], name="audit_journalhead_one_per_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.target_type}:{self.target_id} ({self.length})"
