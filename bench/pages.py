"""Public pages under load, with and without the page cache, beside a bare Django view.

The demo site with a results page announcing 12 winners. gunicorn (2 sync workers) pinned to
one core, locust (FastHttpUser, no wait) pinned to the other; each phase runs USERS users for
SECONDS seconds:
  bare      a bare Django view (a template, no database) served by the same server: the reference
  cached    the home, award and results pages with the page cache (anonymous visitors)
  languages the same pages read in each of the five languages (each visitor keeps to one), with
            the page cache: each language's page is kept apart (a page served in the wrong
            language, or any failure, misses the phase's target)
  uncached  the same pages with the page cache turned off (PAGE_CACHE_SECONDS=0): every request
            runs the page view and renders the page, as every page a signed-in visitor sees. What
            every page reads about the site itself (site, menu, footer, restrictions, where a URL
            leads, award cards, past winners) is kept per process until something changes
            (cms.site_data, on by default)
  outline   (page cache off) each page found and checked as the page view does it (site, page,
            view restrictions), rendered with a one-line template: what any rendered page costs
  chrome    the same with only the site's header, menu and footer around the title
  nothing kept  the pages with the page cache off and nothing kept either (SITE_DATA_CACHE=0):
            every request reads everything from the database
Then publishing: the home page is edited and published from another process while a poller reads
the page; the time from the commit until every response shows the change, over TRIALS trials.
Query counts per page (uncached render, and a cache hit) are measured with Django's test client.

Targets: cached at least 75% of the bare view's requests/s (in English, and over the five
languages), uncached at least 8%; new content visible within 1 s of publishing.

    .venv/bin/python bench/pages.py                    # SQLite in a temporary folder
    DATABASE_URL=postgres://user@host/any .venv/bin/python bench/pages.py
"""

import json
import os
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_env, emit, fresh_database, gunicorn, manage, run_locust
from portal.settings.base import LANGUAGES

LOCUSTFILE = Path(__file__).with_name("locust_pages.py")
USERS, TRIALS, WINNERS = 16, 5, 12
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))  # shorter for a quick try

SETUP = """
import json
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from cms.models import AwardPage
from review.domain.decisions import approve_publication, record_decision, request_publication
from review.models import Decision
from tests.awards.factories import candidate
from tests.factories import UserFactory

award_page = AwardPage.objects.live().filter(award__isnull=False).order_by("path").first()
cycle = award_page.award.cycles.order_by("-opens_at").first()
first, second = UserFactory(staff=True, verified=True), UserFactory(staff=True, verified=True)
for index in range({winners}):
    record_decision(
        cycle, candidate(cycle).dossier, first, outcome=Decision.Outcome.WINNER,
        citation=f"Citation {{index}}.",
    )
request_publication(cycle, first, timezone.now(), early_reason="A benchmark of the results page.")
publication = approve_publication(cycle, second)
pages = ["/", award_page.url, publication.results_page.url]

def queries(url, **overrides):
    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(**overrides):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)

print(json.dumps({{
    "pages": pages,
    "queries_uncached": [queries(url, PAGE_CACHE_SECONDS=0) for url in pages],
    "queries_nothing_kept": [
        queries(url, PAGE_CACHE_SECONDS=0, SITE_DATA_CACHE=False) for url in pages
    ],
    "queries_cache_hit": [queries(url, PAGE_CACHE_GENERATION_CHECK=60) for url in pages],
}}))
"""

PUBLISH = """
import time
from wagtail.models import Site
page = Site.objects.get(is_default_site=True).root_page.specific  # the English home page
page.hero_heading = "{marker}"
page.save_revision().publish()
print(time.time())
"""


def visibility_trial(env: dict, url: str, marker: str) -> float:
    """Seconds from the commit of a publish in another process until every response shows it
    (the first of 20 consecutive responses that do)."""
    seen: list[tuple[float, bool]] = []
    stop = threading.Event()

    def poll():
        while not stop.is_set():
            body = urllib.request.urlopen(url, timeout=5).read().decode()  # noqa: S310 - loopback
            seen.append((time.time(), marker in body))

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        committed = float(
            manage(env, "shell", "-v0", "-c", PUBLISH.format(marker=marker)).split()[-1]
        )
        deadline = time.time() + 10
        while time.time() < deadline:
            tail = seen[-20:]
            if len(tail) == 20 and all(new for _, new in tail):
                break
            time.sleep(0.05)
    finally:
        stop.set()
        poller.join()
    streak_start = None
    for at, new in seen:
        if new and streak_start is None:
            streak_start = at
        elif not new:
            streak_start = None
    if streak_start is None:
        return float("inf")
    return max(streak_start - committed, 0.0)


def warm(url: str, pages: list[str]) -> None:
    """A few requests to every page first, so each worker has imported and (where caching is
    on) stored what it serves; the phases measure the steady state."""
    in_languages = [f"/{code}{page}" for code, _name in LANGUAGES[1:] for page in pages]
    for _ in range(10):
        for page in [
            "/bench/bare-page/",
            *pages,
            *in_languages,
            *(f"/bench/outline{page}" for page in pages),
        ]:
            urllib.request.urlopen(url + page, timeout=30).read()  # noqa: S310 - loopback


def main() -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="laurel-bench-pages-"))
    with fresh_database(bench_env(var_dir)) as env:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_demo")
        setup = json.loads(
            manage(env, "shell", "-v0", "-c", SETUP.format(winners=WINNERS))
            .strip()
            .splitlines()[-1]
        )
        locust_env = {
            **env,
            "BENCH_PAGES": ",".join(setup["pages"]),
            "BENCH_LANGUAGES": ",".join(code for code, _name in LANGUAGES),
        }
        print(f"Public pages: {USERS} users, {SECONDS} s per phase, pages {setup['pages']}")
        print(f"Database: {os.environ.get('DATABASE_URL', 'SQLite (embedded default)')}")
        with gunicorn(env) as url:
            warm(url, setup["pages"])
            bare = run_locust(LOCUSTFILE, url, "BarePage", USERS, SECONDS, locust_env)
            cached = run_locust(LOCUSTFILE, url, "Visitor", USERS, SECONDS, locust_env)
            languages = run_locust(
                LOCUSTFILE, url, "VisitorInEveryLanguage", USERS, SECONDS, locust_env
            )
            delays = [
                visibility_trial(env, url + "/", f"Published at trial {trial}")
                for trial in range(TRIALS)
            ]
        with gunicorn({**env, "PAGE_CACHE_SECONDS": "0"}) as url:
            warm(url, setup["pages"])
            uncached = run_locust(LOCUSTFILE, url, "Visitor", USERS, SECONDS, locust_env)
            outline = run_locust(LOCUSTFILE, url, "PageOutline", USERS, SECONDS, locust_env)
            chrome = run_locust(LOCUSTFILE, url, "PageInChrome", USERS, SECONDS, locust_env)
        with gunicorn({**env, "PAGE_CACHE_SECONDS": "0", "SITE_DATA_CACHE": "0"}) as url:
            warm(url, setup["pages"])
            nothing_kept = run_locust(LOCUSTFILE, url, "Visitor", USERS, SECONDS, locust_env)

    bare_rps = bare["Aggregated"]["rps"]
    print(
        f"{'phase':<13} {'page':<8} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'fail':>5} ", end=""
    )
    print(f"{'of bare':>8}")
    phases = (
        ("bare", bare),
        ("cached", cached),
        ("languages", languages),
        ("uncached", uncached),
        ("outline", outline),
        ("chrome", chrome),
        ("nothing kept", nothing_kept),
    )
    for phase, rows in phases:
        for name, row in rows.items():
            share = row["rps"] / bare_rps if name == "Aggregated" else float("nan")
            print(
                f"{phase:<13} {name[:8]:<8} {row['rps']:>8.1f} {row['p50_ms']:>7.0f} "
                f"{row['p95_ms']:>7.0f} {row['failures']:>5} {share:>8.2f}"
            )
    print(
        f"queries per page (home, award, results): rendered {setup['queries_uncached']}, "
        f"rendered with nothing kept {setup['queries_nothing_kept']}, "
        f"cache hit {setup['queries_cache_hit']}"
    )
    print(
        "publishing to visible everywhere: "
        + ", ".join(f"{delay:.2f} s" for delay in delays)
        + f" (max {max(delays):.2f} s)"
    )
    cached_share = round(cached["Aggregated"]["rps"] / bare_rps, 3)
    uncached_share = round(uncached["Aggregated"]["rps"] / bare_rps, 3)
    languages_share = round(languages["Aggregated"]["rps"] / bare_rps, 3)
    failures = sum(rows["Aggregated"]["failures"] for _, rows in phases)
    emit(
        "pages",
        figures={
            "cached": cached,
            "uncached": uncached,
            "cached_share_of_bare": cached_share,
            "uncached_share_of_bare": uncached_share,
            "languages": languages,
            "languages_share_of_bare": languages_share,
            "outline": outline,
            "outline_share_of_bare": round(outline["Aggregated"]["rps"] / bare_rps, 3),
            "chrome": chrome,
            "chrome_share_of_bare": round(chrome["Aggregated"]["rps"] / bare_rps, 3),
            "nothing_kept": nothing_kept,
            "nothing_kept_share_of_bare": round(nothing_kept["Aggregated"]["rps"] / bare_rps, 3),
            "queries_uncached": setup["queries_uncached"],
            "queries_nothing_kept": setup["queries_nothing_kept"],
            "queries_cache_hit": setup["queries_cache_hit"],
            "visible_after_publish_s": [round(delay, 3) for delay in delays],
            "failures": failures,
        },
        reference={"bare": bare},
        targets={
            "cached_share_of_bare": {
                "target": 0.75,
                "value": cached_share,
                "met": cached_share >= 0.75,
            },
            "languages_share_of_bare": {
                "target": 0.75,
                "value": languages_share,
                "met": languages_share >= 0.75,
            },
            "languages_pages_in_the_wrong_language_or_failed": {
                "target": 0,
                "value": languages["Aggregated"]["failures"],
                "met": languages["Aggregated"]["failures"] == 0,
            },
            "uncached_share_of_bare": {
                "target": 0.08,
                "value": uncached_share,
                "met": uncached_share >= 0.08,
            },
            "visible_after_publish_s": {
                "target": 1.0,
                "value": round(max(delays), 3),
                "met": max(delays) <= 1.0,
            },
        },
    )


if __name__ == "__main__":
    main()
