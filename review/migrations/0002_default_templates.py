"""The announcement e-mails, thank-yous and certificate text staff start from, one row each per
language (review.announcement_texts, read from the catalogues as they stand when this runs).
A language added later gets its rows from `manage.py seed_template_languages`."""

from django.conf import settings
from django.db import migrations

from review.announcement_texts import seed_default_templates


def seed(apps, schema_editor):
    seed_default_templates(
        apps.get_model("review", "AnnouncementTemplate"),
        apps.get_model("review", "MessageTemplate"),
        [code for code, _name in settings.LANGUAGES],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
    ]

    # Unapplied, the rows stay: staff may have edited them, and unapplying 0001 drops them.
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
