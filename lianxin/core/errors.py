"""The one family of errors a refused action raises.

Services raise these; pages turn them into a message, the API into its error shape and status.
Each carries a stable English `code` (the API's contract) and a translated `message` (what a person reads).
"""

from typing import Any


class DomainError(Exception):
    """An action was refused. Nothing was changed."""

    code = "domain.refused"
    http_status = 409

    def __init__(self, message: str, *, code: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details


class TransitionNotAllowed(DomainError):
    """The move is not in the transition table for the current state."""

    code = "transition_not_allowed"
    http_status = 409


class PermissionDenied(DomainError):
    """The actor's role does not allow this move."""

    code = "permission_denied"
    http_status = 403


class NotFound(DomainError):
    """The object does not exist or lies outside the actor's scope (the two answer alike)."""

    code = "not_found"
    http_status = 404


class InvalidInput(DomainError):
    """The input is malformed or incomplete."""

    code = "invalid_input"
    http_status = 400
