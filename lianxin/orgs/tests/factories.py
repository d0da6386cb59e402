import factory
from django.contrib.auth.models import User

from lianxin.orgs.models import Org, OrgKind, Role
from lianxin.orgs.services import create_org, grant_role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password("pw")


class OrgFactory(factory.django.DjangoModelFactory):
    """Goes through create_org so the tree path is right."""

    class Meta:
        model = Org

    code = factory.Sequence(lambda n: f"ORG{n}")
    name = factory.Sequence(lambda n: f"组织{n}")
    kind = OrgKind.ENTERPRISE
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return create_org(actor=None, **kwargs)


def with_role(role: str, org: Org, user: User | None = None) -> User:
    user = user or UserFactory()
    grant_role(actor=None, user=user, org=org, role=role)
    return user


__all__ = ["OrgFactory", "Role", "UserFactory", "with_role"]
