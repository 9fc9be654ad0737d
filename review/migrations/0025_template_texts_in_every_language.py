"""Every language's version of the announcement e-mails, thank-yous and certificate text,
read from the catalogues as they stand when this runs (review.announcement_texts): rows staff
already have (the English ones) are kept as they are."""

from django.conf import settings
from django.db import migrations

from review.announcement_texts import seed_default_templates


def seed(apps, schema_editor):
    seed_default_templates(
        apps.get_model("review", "AnnouncementTemplate"),
        apps.get_model("review", "MessageTemplate"),
        [code for code, _name in settings.LANGUAGES],
    )


def unseed(apps, schema_editor):
    for name in ("AnnouncementTemplate", "MessageTemplate"):
        apps.get_model("review", name).objects.exclude(language=settings.LANGUAGE_CODE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0024_template_languages"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
