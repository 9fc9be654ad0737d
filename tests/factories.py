"""factory_boy factories for every model the tests touch."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from awards.models import Award, Cycle, NomineeCategory, School, SchoolLevel

PASSWORD = "correct horse battery"


def add_to_group(user, group_name: str) -> Group:
    group, _ = Group.objects.get_or_create(name=group_name)
    user.groups.add(group)
    return group


def join_staff_group(user) -> Group:
    group = add_to_group(user, settings.STAFF_GROUP)
    # Staff work in the Wagtail admin; the test database may hold the group without permissions.
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return group


def join_reviewers_group(user) -> Group:
    return add_to_group(user, settings.REVIEWERS_GROUP)


def verify_email(user) -> EmailAddress:
    """The verified primary address mandatory e-mail verification asks for before sign-in."""
    return EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def after_create(helper) -> factory.PostGeneration:
    """A post-generation step that runs `helper(user)` once the user is saved (not on build)."""

    def step(user, create, extracted, **kwargs):
        if create:
            helper(user)

    return factory.PostGeneration(step)


class UserFactory(DjangoModelFactory):
    """A named nominator by default. Traits: `staff`, `superuser`, `reviewer`, `verified`.

    `verified=True` gives the user the verified primary allauth EmailAddress that mandatory
    e-mail verification asks for before a password sign-in.
    """

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    # An established account has a name; a new one made by a sign-in code has none yet.
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = settings.AUTH_USER_MODEL
        skip_postgeneration_save = True

    class Params:
        staff = factory.Trait(is_staff=True, staff_group=after_create(join_staff_group))
        superuser = factory.Trait(is_staff=True, is_superuser=True)
        reviewer = factory.Trait(reviewers_group=after_create(join_reviewers_group))
        verified = factory.Trait(verified_email=after_create(verify_email))


class SchoolFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Lincoln School {n}")
    code = factory.Sequence(lambda n: f"S{n:05d}")
    level = SchoolLevel.HIGH

    class Meta:
        model = School


class AwardFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Teacher of the Year {n}")
    slug = factory.LazyAttribute(lambda award: slugify(award.name))
    category = NomineeCategory.TEACHER

    class Meta:
        model = Award


class CycleFactory(DjangoModelFactory):
    """A cycle that is open for nominations now: opened yesterday, closes in 30 days."""

    award = factory.SubFactory(AwardFactory)
    name = factory.Sequence(lambda n: f"{2026 + n}-{(27 + n) % 100:02d}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyAttribute(lambda cycle: cycle.opens_at + timedelta(days=31))
    status = Cycle.Status.OPEN

    class Meta:
        model = Cycle


def close_nominations(cycle) -> None:
    """The cycle's deadline passed a few minutes ago (results may be published once it has)."""
    from datetime import timedelta

    from django.utils import timezone

    type(cycle).objects.filter(pk=cycle.pk).update(
        closes_at=timezone.now() - timedelta(minutes=5), grace_period=None
    )
    cycle.refresh_from_db()
