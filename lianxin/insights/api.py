"""REST endpoints of the insights app, mounted on the project's API: category suggestion and the
corrections the classifier learns from."""

from typing import Annotated

from django.contrib.auth.models import AnonymousUser, User
from ninja import Field, Router, Schema

from lianxin.core.api import ERRORS, ApiRequest
from lianxin.core.text import CleanText
from lianxin.insights import classifier, services

router = Router(tags=["insights"])
MAX_TEXT = 5000


class ClassifyIn(Schema):
    text: Annotated[str, CleanText(min_length=1, max_length=MAX_TEXT)] = Field(
        description="What the worker wrote or said."
    )


class Likelihood(Schema):
    category: str = Field(description="A category key, e.g. `wages`.")
    confidence: float = Field(ge=0, le=1)


class ClassifyOut(Likelihood):
    alternatives: list[Likelihood] = Field(description="The two next likeliest categories.")
    close: bool = Field(
        description="True when the top two are too close to rank (their confidences differ by "
        "at most `classifier.CLOSE_MARGIN`, 0.15): offer both as equal choices."
    )
    choices: list[Likelihood] = Field(
        description="What to offer the person: the top category, or the top two when `close`, "
        "in the taxonomy's order (not ranked)."
    )


class CorrectionIn(Schema):
    text: Annotated[str, CleanText(min_length=1, max_length=MAX_TEXT)]
    suggested: str = Field(description="The category Lianxin suggested.", max_length=40)
    chosen: str = Field(description="The category the staff member chose.", max_length=40)


class CorrectionOut(Schema):
    recorded: bool = Field(description="False when the chosen category is the suggested one.")


def _user(request: ApiRequest) -> User | AnonymousUser:
    auth = getattr(request, "auth", None)
    if isinstance(auth, User):
        return auth
    return getattr(auth, "user", None) or request.user


@router.post(
    "/classify",
    response={200: ClassifyOut, **ERRORS},
    summary="Suggest a category",
    operation_id="suggest_category",
)
def classify(request: ApiRequest, payload: ClassifyIn):
    """The likeliest category of a text, with its confidence and the two next likeliest; when the
    top two are close, both are the choices."""
    s = classifier.suggest_one(payload.text)
    return {
        "category": s.category,
        "confidence": s.confidence,
        "alternatives": [{"category": c, "confidence": p} for c, p in s.alternatives],
        "close": s.close,
        "choices": [{"category": c, "confidence": p} for c, p in s.choices],
    }


@router.post(
    "/classify/corrections",
    response={200: CorrectionOut, **ERRORS},
    summary="Keep a category chosen over the suggestion",
    operation_id="correct_category_suggestion",
)
def correct(request: ApiRequest, payload: CorrectionIn):
    """`manage.py retrain` learns from what is kept here, so only someone with a handling role
    (chair, staff, admin) may send it: 403 `insights.permission_denied` otherwise. 400
    `insights.unknown_category` for a key outside the taxonomy."""
    correction = services.submit_correction(
        actor=_user(request), text=payload.text, suggested=payload.suggested,
        chosen=payload.chosen,
    )  # fmt: skip
    return {"recorded": correction is not None}
