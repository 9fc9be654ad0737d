"""Detected conflicts are computed from the data now; only dismissals of them stay as rows."""

from django.db import migrations


def drop_undismissed_detected(apps, schema_editor):
    Conflict = apps.get_model("review", "Conflict")
    Conflict.objects.filter(source="detected", dismissed_at__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("review", "0002_reviews")]

    operations = [migrations.RunPython(drop_undismissed_detected, migrations.RunPython.noop)]
