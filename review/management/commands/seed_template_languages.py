from django.conf import settings
from django.core.management.base import BaseCommand

from review.announcement_texts import seed_default_templates
from review.models import AnnouncementTemplate, MessageTemplate


class Command(BaseCommand):
    help = (
        "Give every language in LANGUAGES its version of each announcement e-mail, thank-you "
        "and certificate text where it has none, from the compiled catalogues (run it after "
        "adding a language). Versions staff edited are kept; versions staff deleted come back."
    )

    def handle(self, *args, **options):
        languages = [code for code, _name in settings.LANGUAGES]
        made = seed_default_templates(AnnouncementTemplate, MessageTemplate, languages)
        for language in languages:
            if language in made:
                self.stdout.write(f"{language}: {made[language]} text(s) added.")
            else:
                self.stdout.write(
                    f"{language}: left out, its catalogue is not compiled "
                    "(manage.py compile_catalogues, then run this again)."
                )
