"""The announcement e-mails staff start from: one per outcome and recipient (the texts of
review.announcement_texts as they stand when this runs). Texts staff had
already edited under the retired kinds (to a winner, to a nominator whose nominee won or was
not selected) are carried over to the outcome and recipient they were written for."""

from django.db import migrations

from review.announcement_texts import ANNOUNCEMENTS, default_announcement

# Retired kinds of MessageTemplate and the announcement each was written for.
CARRIED_OVER = {
    "winner": ("winner", "nominee"),
    "nominator_won": ("winner", "nominator"),
    "nominator_not_selected": ("not_selected", "nominator"),
}


def seed(apps, schema_editor):
    AnnouncementTemplate = apps.get_model("review", "AnnouncementTemplate")
    MessageTemplate = apps.get_model("review", "MessageTemplate")
    texts = {key: default_announcement(*key, "en") for key in ANNOUNCEMENTS}
    for old in MessageTemplate.objects.filter(kind__in=list(CARRIED_OVER)):
        texts[CARRIED_OVER[old.kind]] = (old.subject, old.body)
    for (outcome, recipient), (subject, body) in texts.items():
        AnnouncementTemplate.objects.get_or_create(
            outcome=outcome, recipient=recipient, defaults={"subject": subject, "body": body}
        )
    MessageTemplate.objects.filter(kind__in=list(CARRIED_OVER)).delete()


def unseed(apps, schema_editor):
    apps.get_model("review", "AnnouncementTemplate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0020_announcement_templates"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
