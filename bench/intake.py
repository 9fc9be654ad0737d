"""Intake under load: 20 nominators saving drafts and submitting with 1 MB uploads, beside a bare
Django form POST with the same file, served the same way (gunicorn, 2 workers, one core) in the
same run. Afterwards it proves every confirmed submission exists exactly once with its file.

    .venv/bin/python bench/intake.py            # SQLite in a temporary folder
    DATABASE_URL=postgres://... bench/intake.py  # or PostgreSQL
    BENCH_USERS=20 BENCH_SECONDS=30              # the defaults
"""

import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_env, emit, gunicorn, manage, run_locust

USERS = int(os.environ.get("BENCH_USERS", "20"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "30"))
LOCUSTFILE = Path(__file__).resolve().parent / "locust_intake.py"

SETUP = """
import base64, io, json, random
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import get_user_model
from PIL import Image
from awards.models import School
from portal.pdf import render_pdf

random.seed(7)
User = get_user_model()
sessions = []
for n in range({users}):
    user, _ = User.objects.get_or_create(email=f"bench-nominator-{{n}}@example.org")
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    sessions.append(store.session_key)
noise = Image.frombytes("RGB", (560, 560), random.randbytes(560 * 560 * 3))
png = io.BytesIO(); noise.save(png, format="PNG")
data = base64.b64encode(png.getvalue()).decode()
pdf = render_pdf(f'<h1>Pond lab</h1><img src="data:image/png;base64,{{data}}">')
open("{upload}", "wb").write(pdf)
open("{sessions}", "w").write("\\n".join(sessions))
print(json.dumps({{"school": School.objects.filter(level="k8").first().pk, "upload": len(pdf)}}))
"""

SUBMITTED = """
from awards.models import Nomination
print(Nomination.objects.filter(status="submitted").count())
"""

CHECK = """
import json
from awards.models import Nomination
from portal.storage import private_storage
codes = [c for c in open("{confirmed}").read().split() if c]
storage = private_storage()
problems = []
for code in codes:
    rows = list(Nomination.objects.filter(code=code))
    if len(rows) != 1:
        problems.append(f"{{code}}: {{len(rows)}} rows")
        continue
    nomination = rows[0]
    files = list(nomination.files.all())
    if nomination.status != "submitted":
        problems.append(f"{{code}}: status {{nomination.status}}")
    # Everyone is given the clean copy (storage_key); the original, as uploaded, is kept apart
    # for staff, and `size` is the original's.
    if len(files) != 1 or not storage.exists(files[0].storage_key):
        problems.append(f"{{code}}: {{len(files)}} files")
    elif storage.size(files[0].original_storage_key or files[0].storage_key) != files[0].size:
        problems.append(f"{{code}}: stored size differs")
    if nomination.revisions.count() != 1:
        problems.append(f"{{code}}: {{nomination.revisions.count()}} revisions (double submit)")
print(json.dumps({{
    "confirmed": len(codes),
    "distinct": len(set(codes)),
    "submitted_in_db": Nomination.objects.filter(status="submitted").count(),
    "problems": problems[:20],
    "problem_count": len(problems),
}}))
"""


def main() -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="laurel-bench-intake-"))
    files = {name: var_dir / name for name in ("sessions.txt", "upload.pdf", "confirmed.txt")}
    files["confirmed.txt"].write_text("")
    env = bench_env(var_dir)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo")
    setup = json.loads(
        manage(
            env,
            "shell",
            "-v0",
            "-c",
            SETUP.format(users=USERS, upload=files["upload.pdf"], sessions=files["sessions.txt"]),
        )
        .strip()
        .splitlines()[-1]
    )
    # The demo holds sent nominations of its own: only those sent during the run are counted.
    submitted_before = int(manage(env, "shell", "-v0", "-c", SUBMITTED).strip().splitlines()[-1])
    locust_env = {
        **env,
        "BENCH_SESSIONS": str(files["sessions.txt"]),
        "BENCH_UPLOAD": str(files["upload.pdf"]),
        "BENCH_CONFIRMED": str(files["confirmed.txt"]),
        "BENCH_SCHOOL_ID": str(setup["school"]),
    }
    print(f"Intake benchmark: {USERS} users, {SECONDS} s per phase, upload {setup['upload']} bytes")
    print(f"Database: {os.environ.get('DATABASE_URL', 'SQLite (embedded default)')}")
    with gunicorn(env) as url:
        bare = run_locust(LOCUSTFILE, url, "BareForm", USERS, SECONDS, locust_env)
        intake = run_locust(LOCUSTFILE, url, "Nominator", USERS, SECONDS, locust_env)
    check = json.loads(
        manage(env, "shell", "-v0", "-c", CHECK.format(confirmed=files["confirmed.txt"]))
        .strip()
        .splitlines()[-1]
    )

    bare_post, upload = bare["bare POST 1 MB"], intake["upload 1 MB + letter request"]
    bare_total, intake_total = bare["Aggregated"], intake["Aggregated"]
    print(f"{'':34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'fail':>6}")
    for label, row in [
        ("bare form, all requests", bare_total),
        ("bare form POST 1 MB", bare_post),
        ("intake, all requests", intake_total),
        ("intake upload 1 MB + letter", upload),
        ("intake autosave", intake["autosave"]),
        ("intake submit", intake["submit"]),
    ]:
        print(
            f"{label:34} {row['rps']:8.1f} {row['p50_ms']:8.0f} {row['p95_ms']:8.0f} "
            f"{row['failures']:6d}"
        )
    ratios = {
        "rps_all_vs_bare": round(intake_total["rps"] / bare_total["rps"], 3),
        "upload_p50_bare_over_intake": round(bare_post["p50_ms"] / max(upload["p50_ms"], 1), 3),
    }
    print(
        f"Ratio to the bare form: requests/s {ratios['rps_all_vs_bare']:.2f}; "
        f"upload median speed {ratios['upload_p50_bare_over_intake']:.2f}"
    )
    print(
        f"Submissions confirmed: {check['confirmed']} (distinct {check['distinct']}), "
        f"submitted in the database during the run: {check['submitted_in_db'] - submitted_before}, "
        f"problems: {check['problem_count']} {check['problems']}"
    )
    exactly_once = (
        check["problem_count"] == 0
        and check["confirmed"] == check["distinct"] == check["submitted_in_db"] - submitted_before
        and check["confirmed"] > 0
    )
    emit(
        "intake",
        figures={"intake": intake, "ratios": ratios, "integrity": check},
        reference={"bare_form": bare},
        targets={
            "every_submission_exactly_once_with_files": {
                "target": True,
                "value": exactly_once,
                "met": exactly_once,
            },
            "no_failed_requests": {
                "target": 0,
                "value": intake_total["failures"],
                "met": intake_total["failures"] == 0,
            },
        },
    )


if __name__ == "__main__":
    main()
