"""Load without loss: the portal's traffic mix at a constant arrival rate, then an integrity check.

Two web processes (gunicorn, 2 sync workers each, on different ports, pinned to one core) and
two task workers (`db_worker`) share nothing but the database and the private storage; locust
runs on the other core. Each task is one of: a public page (80%), a reviewer or staff page (15%),
a whole nomination with a 1 MB upload, a letter request and a double-clicked submit (5%).

1. Maximum: USERS users as fast as the server answers, SECONDS seconds: tasks per second.
2. Load: the same users at a constant arrival rate of 80% of that maximum, SECONDS seconds:
   throughput, p50/p95/p99 and errors.
3. The task workers drain the queue; then every submission the portal confirmed must exist
   exactly once, submitted, with its file in storage at its recorded size and one revision, and
   no background task may have failed.

    .venv/bin/python bench/load.py                                   # SQLite (embedded default)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/any bench/load.py  # PostgreSQL
    BENCH_USERS=24 BENCH_SECONDS=30                                   # the defaults
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, bench_env, emit, fresh_database, gunicorn, manage, run_locust
from bench.intake import CHECK as SUBMISSIONS_CHECK
from bench.intake import SETUP as NOMINATOR_SETUP

USERS = int(os.environ.get("BENCH_USERS", "24"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "30"))
LOCUSTFILE = Path(__file__).resolve().parent / "locust_load.py"
LOAD_SHARE = 0.8

MEMBERS_SETUP = """
import json
from decimal import Decimal
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from awards.models import Award
from review.models import Assignment, Criterion, ReviewerEnrolment, ReviewSettings, Rubric
from tests.awards.factories import candidate
from tests.factories import UserFactory

def session_for(user):
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return store.session_key

award = Award.objects.exclude(slug="k8-science-teacher").order_by("pk").first()
cycle = award.cycles.order_by("-opens_at").first()
ReviewSettings.objects.update_or_create(cycle=cycle, defaults={{"release_at": timezone.now()}})
rubric, _ = Rubric.objects.get_or_create(cycle=cycle)
if not rubric.criteria.exists():
    Criterion.objects.create(rubric=rubric, name="Impact", weight=Decimal("1"))
dossiers = []
for _ in range(12):
    dossiers.append(candidate(cycle).dossier)
lines = []
for n in range(4):
    reviewer = UserFactory(reviewer=True, verified=True)
    enrolment = ReviewerEnrolment.objects.create(
        cycle=cycle, reviewer=reviewer, status="active", capacity=50
    )
    mine = dossiers[n * 3 : n * 3 + 3]
    for dossier in mine:
        Assignment.objects.create(dossier=dossier, enrolment=enrolment)
    pages = ["/review/"] + [f"/review/{{d.code}}/" for d in mine]
    lines.append(session_for(reviewer) + " " + ",".join(pages))
staff = UserFactory(staff=True, verified=True)
lines.append(
    session_for(staff)
    + f" /admin/review/progress/{{cycle.pk}}/,/admin/review/ranking/{{cycle.pk}}/"
)
open("{members}", "w").write("\\n".join(lines))
print(json.dumps({{"members": len(lines)}}))
"""

DRAIN = """
import json, time
from django_tasks_db.models import DBTaskResult
deadline = time.time() + 180
while time.time() < deadline:
    waiting = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count()
    if not waiting:
        break
    time.sleep(1)
counts = {{}}
for status in DBTaskResult.objects.values_list("status", flat=True):
    counts[status] = counts.get(status, 0) + 1
print(json.dumps({{"tasks": counts, "waiting": waiting}}))
"""


@contextmanager
def task_workers(env: dict, count: int):
    processes = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]
    try:
        yield processes
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def tasks_of(rows: dict) -> int:
    """Tasks run in a phase: one request each for pages, one "start page" per nomination."""
    return sum(
        row["requests"]
        for name, row in rows.items()
        if name.startswith("public ") or name in ("reviewer/staff page", "start page")
    )


def public_pages(env: dict) -> list[str]:
    code = (
        "import json\nfrom cms.models import AwardPage\n"
        "pages = AwardPage.objects.live().order_by('path')[:2]\n"
        "print(json.dumps(['/', '/awards/', *[p.url for p in pages]]))"
    )
    return json.loads(manage(env, "shell", "-v0", "-c", code).strip().splitlines()[-1])


def main() -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="laurel-bench-load-"))
    files = {
        name: var_dir / name
        for name in ("sessions.txt", "upload.pdf", "confirmed.txt", "members.txt")
    }
    files["confirmed.txt"].write_text("")
    with fresh_database(bench_env(var_dir)) as env:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_demo")
        setup = json.loads(
            manage(
                env,
                "shell",
                "-v0",
                "-c",
                NOMINATOR_SETUP.format(
                    users=USERS * 4, upload=files["upload.pdf"], sessions=files["sessions.txt"]
                ),
            )
            .strip()
            .splitlines()[-1]
        )
        manage(env, "shell", "-v0", "-c", MEMBERS_SETUP.format(members=files["members.txt"]))
        public = public_pages(env)
        print(f"Load: {USERS} users, {SECONDS} s per phase; 2 web processes, 2 task workers")
        print(f"Database: {os.environ.get('DATABASE_URL', 'SQLite (embedded default)')}")
        with ExitStack() as stack:
            hosts = [stack.enter_context(gunicorn(env, workers=2, core=0)) for _ in range(2)]
            stack.enter_context(task_workers(env, 2))
            locust_env = {
                **env,
                "BENCH_HOSTS": ",".join(hosts),
                "BENCH_PUBLIC": ",".join(public),
                "BENCH_MEMBERS": str(files["members.txt"]),
                "BENCH_SESSIONS": str(files["sessions.txt"]),
                "BENCH_UPLOAD": str(files["upload.pdf"]),
                "BENCH_CONFIRMED": str(files["confirmed.txt"]),
                "BENCH_SCHOOL_ID": str(setup["school"]),
            }
            flat_out = run_locust(LOCUSTFILE, hosts[0], "Mixed", USERS, SECONDS, locust_env)
            maximum = tasks_of(flat_out) / SECONDS
            rate = LOAD_SHARE * maximum / USERS
            started = time.perf_counter()
            loaded = run_locust(
                LOCUSTFILE,
                hosts[0],
                "Mixed",
                USERS,
                SECONDS,
                {**locust_env, "BENCH_TASK_RATE": f"{rate:.4f}"},
            )
            elapsed = time.perf_counter() - started
            drained = json.loads(
                manage(env, "shell", "-v0", "-c", DRAIN.format()).strip().splitlines()[-1]
            )
        check = json.loads(
            manage(
                env,
                "shell",
                "-v0",
                "-c",
                SUBMISSIONS_CHECK.format(confirmed=files["confirmed.txt"]),
            )
            .strip()
            .splitlines()[-1]
        )

    load_tasks = tasks_of(loaded) / SECONDS
    total = loaded["Aggregated"]
    print(f"maximum: {maximum:.1f} tasks/s ({flat_out['Aggregated']['rps']:.1f} requests/s)")
    print(
        f"at {LOAD_SHARE:.0%} of it: {load_tasks:.1f} tasks/s asked {LOAD_SHARE * maximum:.1f}, "
        f"{total['rps']:.1f} requests/s, p50 {total['p50_ms']:.0f} ms, p95 {total['p95_ms']:.0f} "
        f"ms, p99 {total['p99_ms']:.0f} ms, {total['failures']} errors of {total['requests']} "
        f"({elapsed:.0f} s)"
    )
    for name, row in sorted(loaded.items()):
        if name != "Aggregated":
            print(
                f"  {name[:40]:<40} {row['requests']:>6} req {row['p50_ms']:>6.0f} "
                f"{row['p95_ms']:>6.0f} {row['p99_ms']:>6.0f} ms  {row['failures']} errors"
            )
    print(
        f"integrity: {check['confirmed']} submissions confirmed, {check['distinct']} distinct, "
        f"{check['submitted_in_db']} submitted in the database (set-up included), "
        f"{check['problem_count']} problems {check['problems'][:5]}; "
        f"background tasks {drained['tasks']}, {drained['waiting']} still waiting"
    )
    failed_tasks = drained["tasks"].get("FAILED", 0)
    emit(
        "load",
        figures={
            "maximum_tasks_per_s": round(maximum, 2),
            "load_tasks_per_s": round(load_tasks, 2),
            "load": loaded,
            "integrity": check,
            "background_tasks": drained,
        },
        reference={"maximum": flat_out},
        targets={
            "errors_under_load": {
                "target": 0,
                "value": total["failures"],
                "met": total["failures"] == 0,
            },
            "submissions_lost_or_duplicated": {
                "target": 0,
                "value": check["problem_count"] + check["confirmed"] - check["distinct"],
                "met": check["problem_count"] == 0 and check["confirmed"] == check["distinct"],
            },
            "background_tasks_failed_or_left": {
                "target": 0,
                "value": failed_tasks + drained["waiting"],
                "met": failed_tasks == 0 and drained["waiting"] == 0,
            },
        },
    )


if __name__ == "__main__":
    main()
