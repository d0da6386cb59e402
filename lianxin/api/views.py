"""The user's own API tokens: list them, create one (shown once), revoke one after confirming."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lianxin.api import services
from lianxin.api.forms import TokenForm
from lianxin.api.selectors import token_of, tokens_of
from lianxin.core.errors import DomainError


@login_required
def token_list(request):
    """Your tokens; POST creates one and shows it this once (it is not stored in clear)."""
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            new_token = services.create_token(
                actor=request.user, user=request.user, name=form.cleaned_data["name"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            form = TokenForm()
    context = {"form": form, "tokens": tokens_of(user=request.user), "new_token": new_token}
    response = render(request, "api/tokens.html", context)
    response["Cache-Control"] = "no-store"  # the new token must not linger in a cache
    return response


@login_required
def token_revoke(request, token_id: int):
    """GET asks to confirm; POST revokes. Someone else's token answers like a missing one."""
    token = token_of(user=request.user, token_id=token_id)
    if token is None:
        raise Http404
    if request.method == "POST":
        try:
            services.revoke_token(actor=request.user, token_id=token.pk)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
        return redirect("tokens:list")
    return render(request, "api/token_revoke.html", {"token": token})
