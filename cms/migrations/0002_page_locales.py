"""A Wagtail locale for each of the portal's languages, so pages can be translated into them
(English's comes with Wagtail)."""

from django.db import migrations

# The portal's languages when this was written; a language added later gets its locale in
# Wagtail's admin (Settings > Locales) or from its own migration.
LANGUAGE_CODES = ("en", "es", "so", "vi", "zh-hans")


def add_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGE_CODES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_locales, migrations.RunPython.noop)]
