"""The source reaches Wagtail and Django through their public APIs only. The attributes Wagtail
keeps on a request for itself, and its private site lookup, change without notice (Wagtail
8.0.1 already deprecates part of that area); code that sets or reads them breaks silently on an
upgrade. Tests may use them to compare with Wagtail's own answers; the source may not."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {"tests", "node_modules", "var", "static", "staticfiles", "media"}
# Wagtail's per-request caches (`request._wagtail_site`, `request._wagtail_route_for_request`,
# `request._wagtail_cached_site_root_paths`, ...), its private site lookup, and the raw host
# Django reads before its ALLOWED_HOSTS check.
PRIVATE = re.compile(r"\b_wagtail_\w+|\b_find_for_request\b|\b_get_raw_host\b")


def source_files() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if not SKIPPED.intersection(path.relative_to(ROOT).parts)
        and not any(part.startswith(".") for part in path.relative_to(ROOT).parts)
    ]


def test_no_source_file_uses_wagtails_private_request_attributes():
    uses = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in source_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PRIVATE.search(line)
    ]

    assert uses == []


def test_the_guardrail_scans_the_page_view_and_the_site_data():
    names = {str(path.relative_to(ROOT)) for path in source_files()}

    assert {"cms/routing.py", "cms/site_data.py", "portal/urls.py", "bench/urls.py"} <= names
