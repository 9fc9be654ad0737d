"""The disagreement threshold becomes a percentage of the rubric's range (25 by default), with a
fixed number of points as an option. Existing cycles that still held the old default of 3 points
(set by nobody: 7 of 9 candidates flagged on a 1-40 rubric) move to the percentage; a threshold
staff chose is kept as their fixed number of points. Recorded rankings keep the flags they were
recorded with."""

import django.core.validators
from django.db import migrations, models


OLD_DEFAULT = 3


def to_percentage(apps, schema_editor):
    ReviewSettings = apps.get_model("review", "ReviewSettings")
    ReviewSettings.objects.filter(disagreement_threshold=OLD_DEFAULT).update(
        disagreement_threshold=None
    )


def to_points(apps, schema_editor):
    ReviewSettings = apps.get_model("review", "ReviewSettings")
    ReviewSettings.objects.filter(disagreement_threshold=None).update(
        disagreement_threshold=OLD_DEFAULT
    )


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0022_conflict_ended_assignment"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewsettings",
            name="disagreement_percent",
            field=models.PositiveSmallIntegerField(
                default=25,
                help_text="Flag a candidate when its reviewers' weighted totals differ by more than this percentage of the rubric's range (from the lowest to the highest possible total): 25 flags a 10-point gap on a 1-40 rubric, not a 3-point one.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(100),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="reviewsettings",
            name="disagreement_threshold",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="Or a fixed number of points instead of the percentage; leave empty to use the percentage.",
                max_digits=6,
                null=True,
            ),
        ),
        migrations.RunPython(to_percentage, to_points),
    ]
