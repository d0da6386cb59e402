from lianxin.orgs.selectors import user_roles


def user_orgs(request):
    """The header shows who is signed in and in which orgs they hold roles."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": []}
    return {"user_roles": user_roles(user=user)}
