"""Locust users for bench/load.py. Run by the locust CLI only (never imported by the portal).

Each user holds three identities (an anonymous visitor, a reviewer or staff member, a
nominator), each with its own cookies, and runs one task at a time chosen by weight: 80 public
page views, 15 reviewer or staff pages, 5 whole nominations with a 1 MB upload and a letter
request. Users alternate between the web processes named in BENCH_HOSTS.

BENCH_TASK_RATE: tasks per second per user (0: as fast as the server answers).
"""

import os
import random
import threading
from itertools import count, cycle
from pathlib import Path
from types import SimpleNamespace

from locust import HttpUser, constant, constant_throughput, task
from locust.clients import HttpSession

from bench.locust_intake import nominate

HOSTS = os.environ["BENCH_HOSTS"].split(",")
PUBLIC = os.environ["BENCH_PUBLIC"].split(",")
MEMBERS = [
    line.split(" ", 1) for line in Path(os.environ["BENCH_MEMBERS"]).read_text().splitlines()
]
NOMINATORS = Path(os.environ["BENCH_SESSIONS"]).read_text().split()
RATE = float(os.environ.get("BENCH_TASK_RATE", "0"))
_numbers, _nominators, _lock = count(), cycle(NOMINATORS), threading.Lock()


class Mixed(HttpUser):
    host = HOSTS[0]
    wait_time = constant_throughput(RATE) if RATE else constant(0)

    def on_start(self):
        with _lock:
            number, nominator = next(_numbers), next(_nominators)
        host = HOSTS[number % len(HOSTS)]
        self.client.base_url = host
        session, self.member_pages = MEMBERS[number % len(MEMBERS)]
        self.member_pages = self.member_pages.split(",")
        self.member = self._session(host, session)
        self.nominator = SimpleNamespace(client=self._session(host, nominator))

    def _session(self, host: str, session_key: str) -> HttpSession:
        client = HttpSession(
            base_url=host, request_event=self.environment.events.request, user=self
        )
        client.trust_env = False
        client.cookies.set("sessionid", session_key)
        return client

    @task(80)
    def public_page(self):
        url = random.choice(PUBLIC)
        self.client.get(url, name=f"public {url}")

    @task(15)
    def reviewer_or_staff_page(self):
        url = random.choice(self.member_pages)
        with self.member.get(url, name="reviewer/staff page", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code} for a signed-in page")

    @task(5)
    def submit_nomination(self):
        nominate(self.nominator, lambda: None)
