"""Locust users for bench/pages.py. Run by the locust CLI only (never imported by the portal).

Visitor: the home, award and results pages in turn, as fast as the server answers.
VisitorInEveryLanguage: the same pages read in each of the portal's languages.
BarePage: a bare Django view served by the same server.
PageOutline, PageInChrome: the same pages found and checked as the page view does it, rendered
with a one-line template, or with only the site's header and footer (bench/urls.py).
"""

import itertools
import os

from locust import FastHttpUser, constant, task

PAGES = os.environ.get("BENCH_PAGES", "/").split(",")
NAMES = ("home", "award", "results")
# The five languages' addresses of each page: English at the root, the others under their code.
LANGUAGES = os.environ.get("BENCH_LANGUAGES", "en").split(",")


class Visitor(FastHttpUser):
    wait_time = constant(0)

    @task
    def pages(self):
        for name, url in zip(NAMES, PAGES, strict=True):
            with self.client.get(url, name=name, catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"status {response.status_code}")


class VisitorInEveryLanguage(FastHttpUser):
    """Visitors who each read one of the languages (the users take them in turn), on the same
    pages. A visitor who has read a language is sent to it from an English address (the
    remembered choice), so each keeps to theirs, as people do. A page in the wrong language (a
    cached page served across languages) counts as a failure."""

    wait_time = constant(0)
    _arrivals = itertools.count()

    def on_start(self):
        self.language = LANGUAGES[next(self._arrivals) % len(LANGUAGES)]

    @task
    def pages(self):
        prefix = "" if self.language == "en" else f"/{self.language}"
        for name, url in zip(NAMES, PAGES, strict=True):
            with self.client.get(prefix + url, name=name, catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"status {response.status_code}")
                elif f'<html lang="{self.language}"'.encode() not in response.content:
                    response.failure(f"{prefix + url} not in {self.language}")


class BarePage(FastHttpUser):
    wait_time = constant(0)

    @task
    def page(self):
        self.client.get("/bench/bare-page/", name="bare")


class PageOutline(FastHttpUser):
    wait_time = constant(0)
    prefix = "/bench/outline"

    @task
    def pages(self):
        for name, url in zip(NAMES, PAGES, strict=True):
            with self.client.get(self.prefix + url, name=name, catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"status {response.status_code}")


class PageInChrome(PageOutline):
    prefix = "/bench/chrome"
