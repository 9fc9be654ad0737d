"""Locust users for bench/intake.py. Run by the locust CLI only (never imported by the portal).

Nominator: start a draft, fill the nominee step, autosave essays as typed, upload a 1 MB PDF,
submit (twice, as a double click would), and record the confirmed code.
BareForm: GET a plain Django form and POST it with the same 1 MB file.
"""

import os
import re
import threading
from itertools import cycle
from pathlib import Path

from locust import HttpUser, between, task

SESSIONS = Path(os.environ["BENCH_SESSIONS"]).read_text().split()
UPLOAD = Path(os.environ["BENCH_UPLOAD"]).read_bytes()
CONFIRMED = Path(os.environ["BENCH_CONFIRMED"])
SCHOOL_ID = os.environ["BENCH_SCHOOL_ID"]
AWARD = os.environ.get("BENCH_AWARD", "k8-science-teacher")
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY_RE = re.compile(r'name="submission_key" value="([^"]+)"')
_session_cycle = cycle(SESSIONS)
_lock = threading.Lock()


def csrf_of(response) -> str:
    match = CSRF_RE.search(response.text)
    if not match:
        raise RuntimeError(f"no CSRF token on {response.url} ({response.status_code})")
    return match.group(1)


class Nominator(HttpUser):
    # A person reads and types between steps; autosave posts every couple of seconds.
    wait_time = between(1, 3)

    def on_start(self):
        with _lock:
            session = next(_session_cycle)
        self.client.cookies.set("sessionid", session)

    @task
    def nominate(self):
        nominate(self, self.wait)


def nominate(user, pause) -> None:
    """One nomination from start to confirmed submission (used by the load benchmark too):
    `pause()` is the nominator's thinking time between steps."""
    page = user.client.get(f"/nominate/{AWARD}/", name="start page")
    started = user.client.post(
        f"/nominate/{AWARD}/",
        data={"csrfmiddlewaretoken": csrf_of(page)},
        name="start draft",
        allow_redirects=False,
    )
    code = started.headers["Location"].split("/")[2]
    pause()
    step1 = user.client.get(f"/nominations/{code}/step/1/", name="step")
    token = csrf_of(step1)
    user.client.post(
        f"/nominations/{code}/step/1/",
        data={
            "csrfmiddlewaretoken": token,
            "nominee_first_name": "Bench",
            "nominee_last_name": f"Nominee {code}",
            "nominee_role": "Science teacher",
            "school": SCHOOL_ID,
            "nominator_relationship": "Colleague",
            "action": "next",
        },
        name="step 1 save",
        allow_redirects=False,
    )
    pause()
    user.client.post(
        f"/nominations/{code}/step/2/",
        data={"csrfmiddlewaretoken": token, "years": "yes", "action": "next"},
        name="step save",
        allow_redirects=False,
    )
    essay = ""
    for sentence in range(3):  # typing, saved by autosave every few seconds
        pause()
        essay += f"Sentence {sentence} about the pond lab and the students it inspired. "
        user.client.post(
            f"/nominations/{code}/autosave/",
            data={
                "csrfmiddlewaretoken": token,
                "step": "3",
                "impact": essay,
                "students": essay,
            },
            name="autosave",
            headers={"X-CSRFToken": token},
        )
    pause()
    user.client.post(
        f"/nominations/{code}/step/4/",
        data={
            "csrfmiddlewaretoken": token,
            "consent": "yes",
            "letter-writer_name": "Letter Writer",
            "letter-writer_email": f"writer-{code}@example.org",
            "action": "add_letter:letters",
        },
        files={"upload-evidence": ("evidence.pdf", UPLOAD, "application/pdf")},
        name="upload 1 MB + letter request",
        allow_redirects=False,
    )
    pause()
    review = user.client.get(f"/nominations/{code}/review/", name="review")
    key = KEY_RE.search(review.text)
    if not key:
        return
    data = {"csrfmiddlewaretoken": token, "submission_key": key.group(1)}
    for attempt in ("submit", "submit again (double click)"):
        response = user.client.post(
            f"/nominations/{code}/review/", data=data, name=attempt, allow_redirects=False
        )
    if response.status_code == 302 and response.headers["Location"].endswith("/submitted/"):
        with _lock, CONFIRMED.open("a") as out:
            out.write(code + "\n")


class BareForm(HttpUser):
    wait_time = between(1, 3)

    @task
    def post_form(self):
        page = self.client.get("/bench/bare-form/", name="bare GET")
        self.client.post(
            "/bench/bare-form/",
            data={"csrfmiddlewaretoken": csrf_of(page), "name": "Bench", "essay": "x" * 600},
            files={"file": ("evidence.pdf", UPLOAD, "application/pdf")},
            name="bare POST 1 MB",
        )
