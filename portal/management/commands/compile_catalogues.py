from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Compile the project's translation catalogues (locale/*/LC_MESSAGES/*.po) into the .mo "
        "files Django reads, where a .mo is missing or older than its .po. Needs no GNU gettext."
    )

    def handle(self, *args, **options):
        compiled = 0
        for folder in map(Path, settings.LOCALE_PATHS):
            for source in sorted(folder.glob("*/LC_MESSAGES/*.po")):
                target = source.with_suffix(".mo")
                if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
                    continue
                polib.pofile(str(source)).save_as_mofile(str(target))
                compiled += 1
        self.stdout.write(f"Catalogues compiled: {compiled}.")
