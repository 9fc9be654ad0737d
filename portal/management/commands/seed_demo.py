import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from awards.demo import seed_awards, seed_nominations
from cms.demo import seed_site
from portal.roles import ensure_role_groups
from review.demo import seed_finalist_demo, seed_reminders_demo

DEMO_PASSWORD = "laurel-demo-2026"  # noqa: S105 - printed for the local demo only
DEMO_USERS = [
    # (e-mail, name, role)
    ("admin@lakeside-foundation.example", "Avery Admin", "superuser"),
    ("staff@lakeside-foundation.example", "Sam Staff", "staff"),
    ("reviewer@lakeside-foundation.example", "Riley Reviewer", "reviewer"),
    ("nominator@example.org", "Nora Nominator", "nominator"),
]


class Command(BaseCommand):
    help = (
        "Build the demo foundation: site pages, schools, awards, open cycles, demo users and "
        "the nominations families sent."
    )

    def handle(self, *args, **options):
        # Wagtail logs every page action at INFO; the seeding's own summary is enough here.
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        with transaction.atomic():
            staff_group, reviewers_group = ensure_role_groups()
            awards = seed_awards()
            seed_site(awards)
            created = [self.ensure_user(*row, staff_group, reviewers_group) for row in DEMO_USERS]
            # Dated from today: `manage.py send_reminders` queues one reminder of each kind.
            seed_reminders_demo(
                awards["title-i-teacher-staff"],
                nominator_email="nominator@example.org",
                reviewer_email="reviewer@lakeside-foundation.example",
            )
            # A cycle in its finalist round: the demo reviewer also sits on its committee.
            seed_finalist_demo(
                awards["title-i-teacher-staff"],
                nominator_email="nominator@example.org",
                reviewer_email="reviewer@lakeside-foundation.example",
                staff_email="staff@lakeside-foundation.example",
            )
            seeded = seed_nominations(awards)
        self.stdout.write(self.style.SUCCESS("Demo foundation ready."))
        if seeded:
            self.stdout.write(
                f"{seeded} demo nominations from families, for the staff's reach report "
                "(Reports > Reach)."
            )
        self.stdout.write("Reminders are due today: try `manage.py send_reminders`.")
        self.stdout.write(
            "A cycle is in its finalist round: the reviewer also scores its finalists "
            "(Review settings > Finalist round)."
        )
        self.stdout.write("Sign in at http://127.0.0.1:8000/accounts/login/ with:")
        for (email, _name, role), was_created in zip(DEMO_USERS, created, strict=True):
            note = "" if was_created else " (existing account, password unchanged)"
            self.stdout.write(f"  {role:<10} {email:<40} {DEMO_PASSWORD}{note}")
        if settings.REQUIRE_STAFF_MFA:
            self.stdout.write("Staff and reviewers will be asked to set up an authenticator app.")

    def ensure_user(self, email, name, role, staff_group: Group, reviewers_group: Group) -> bool:
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            email=email,
            defaults={
                "display_name": name,
                "first_name": name.split()[0],
                "last_name": name.split()[-1],
                "is_staff": role in {"staff", "superuser"},
                "is_superuser": role == "superuser",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            if role == "staff":
                user.groups.add(staff_group)
            if role == "reviewer":
                user.groups.add(reviewers_group)
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return created
