"""The one family of errors a refused action raises.

Services raise these; pages turn them into a message, the API into its error shape and status.
Each carries a stable English `code` (the API's contract) and a translated `message` (what a person reads).
Codes read `<area>.<what>` (`case.transition_not_allowed`, `import.file_too_large`); every raise names
its own (a test reads the source for any that does not), and /api/docs lists them all.
"""

from dataclasses import dataclass
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

    code = "domain.transition_not_allowed"
    http_status = 409


class PermissionDenied(DomainError):
    """The actor's role does not allow this move."""

    code = "domain.permission_denied"
    http_status = 403


class NotFound(DomainError):
    """The object does not exist or lies outside the actor's scope (the two answer alike)."""

    code = "domain.not_found"
    http_status = 404


class InvalidInput(DomainError):
    """The input is malformed or incomplete."""

    code = "domain.invalid_input"
    http_status = 400


def require(condition: object, message: str, code: str) -> None:
    """Refuse with InvalidInput(`message`, `code`) unless `condition` holds."""
    if not condition:
        raise InvalidInput(message, code=code)


@dataclass(frozen=True)
class Refusal:
    """A refusal declared once and raised where it applies: `raise NOT_FOUND(org=org.name)`.

    For code shared by several kinds of record (fieldwork's visit days and duty days), each kind
    declares its own refusals with its own words and code; the error catalogue reads the codes here.
    """

    message: Any  # a lazy translation with %(name)s placeholders
    code: str
    error: type[DomainError] = InvalidInput

    def __call__(self, **params: Any) -> DomainError:
        text = str(self.message)
        return self.error(text % params if params else text, code=self.code)
