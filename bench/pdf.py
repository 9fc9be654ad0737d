"""Committee packet PDFs: a 10-page and a 100-page packet built by the portal's own code
(`review.domain.packets.build_committee_packet`: WeasyPrint with the hardened fetcher, uploaded
PDFs merged with pypdf, contents page). Prints wall time and peak memory (growth of the process's
maximum resident size), beside a reference measured in the same run: WeasyPrint rendering one
plain HTML document of the same number of pages, nothing merged.

    .venv/bin/python bench/pdf.py

Targets: the 10-page and the 100-page packet each in under 1.4 times the plain render of as
many pages (the issue's 0.7 s and 8 s against the mean plain render of three runs on 2026-12-05:
0.50 s and 5.7 s); peak memory under 200 MB. The absolute times are printed as information.
"""

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_env, emit, fresh_database, manage

RUN = """
import io, json, resource, time
from datetime import timedelta
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader
from awards.models import Award, Cycle, Dossier, Nomination, NominationFile, School
from portal.models import User
from portal.pdf import render_pdf
from portal.storage import private_storage
from review.domain.packets import build_committee_packet
from review.models import Decision, PacketJob

def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

candidates = {candidates}
now = timezone.now()
school = School.objects.create(name="Bench School", code="BENCH", level="high")
award = Award.objects.create(name="Bench award", slug="bench-award", category="teacher")
cycle = Cycle.objects.create(award=award, name="bench", opens_at=now - timedelta(days=9),
                             closes_at=now - timedelta(days=1), status="review")
nominator = User.objects.create(email="bench-nominator@example.org")
sentence = "The nominee built a science club that every student wanted to join."
# Long enough that each candidate's own pages are two, as a plain page below is one.
essay = " ".join([sentence] * 70)
page_text = " ".join([sentence] * 40)
question = {{"key": "story", "section": "Their story", "kind": "long_text",
            "label": "Their story", "help_text": "", "required": True, "word_limit": None,
            "choices": [], "allowed_file_types": [], "max_file_size_mb": None, "max_files": None,
            "min_letters": None, "max_letters": None, "show_if_key": "", "show_if_value": ""}}
upload = render_pdf(f"<h1>Evidence page</h1><p>{{page_text}}</p>")
for index in range(candidates):
    dossier = Dossier.objects.create(cycle=cycle)
    nomination = Nomination.objects.create(
        cycle=cycle, nominator=nominator, dossier=dossier, status="submitted", submitted_at=now,
        nominee_first_name="Candidate", nominee_last_name=str(index), school=school,
        nominee_role="Teacher", answers={{"story": essay}},
        form_snapshot=[question],
    )
    key = private_storage().save("bench/upload.pdf", ContentFile(upload))
    NominationFile.objects.create(nomination=nomination, question_key="documents",
                                  storage_key=key, display_name="evidence.pdf",
                                  content_type="application/pdf", size=len(upload), sha256="0" * 64)
    Decision.objects.create(cycle=cycle, dossier=dossier, outcome="finalist")
job = PacketJob.objects.create(cycle=cycle)

render_pdf("<p>warm-up</p>")
before = rss_mb()
start = time.perf_counter()
packet = build_committee_packet(job)
packet_s = time.perf_counter() - start
packet_peak = rss_mb() - before
pages = len(PdfReader(io.BytesIO(packet)).pages)

per_page = "<p>" + page_text + "</p><p>" + page_text[: len(page_text) // 3] + "</p>"
plain_html = "".join(f'<h1 style="break-before: page">Page {{i}}</h1>{{per_page}}'
                     for i in range(pages))
before = rss_mb()
start = time.perf_counter()
plain = render_pdf(plain_html)
plain_s = time.perf_counter() - start
plain_peak = rss_mb() - before
print(json.dumps({{
    "candidates": candidates, "pages": pages, "packet_s": round(packet_s, 3),
    "packet_peak_mb": round(packet_peak, 1),
    "reference_plain_render_s": round(plain_s, 3),
    "reference_pages": len(PdfReader(io.BytesIO(plain)).pages),
    "ratio_to_reference": round(packet_s / plain_s, 2),
}}))
"""


def run(candidates: int) -> dict:
    var_dir = Path(tempfile.mkdtemp(prefix="laurel-bench-pdf-"))
    with fresh_database(bench_env(var_dir)) as env:
        manage(env, "migrate", "--noinput", "-v0")
        output = manage(env, "shell", "-v0", "-c", RUN.format(candidates=candidates))
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    figures = {"small": run(3), "large": run(33)}
    print(f"{'packet':<8} {'pages':>6} {'seconds':>8} {'peak MB':>8} {'plain s':>8} {'ratio':>6}")
    for name, row in figures.items():
        print(
            f"{name:<8} {row['pages']:>6} {row['packet_s']:>8.2f} {row['packet_peak_mb']:>8.1f} "
            f"{row['reference_plain_render_s']:>8.2f} {row['ratio_to_reference']:>6.2f}"
        )
    small, large = figures["small"], figures["large"]
    # Under these times the plain render: the 0.7 s and 8 s against its mean on 2026-12-05.
    targets = {
        f"{small['pages']}_pages_vs_plain": {"target": 1.4, "value": small["ratio_to_reference"]},
        f"{large['pages']}_pages_vs_plain": {"target": 1.4, "value": large["ratio_to_reference"]},
        "peak_mb": {
            "target": 200,
            "value": max(small["packet_peak_mb"], large["packet_peak_mb"]),
        },
    }
    for target in targets.values():
        target["met"] = target["value"] < target["target"]
    emit(
        "pdf",
        figures=figures,
        reference={
            name: {"plain_render_s": row["reference_plain_render_s"]}
            for name, row in figures.items()
        },
        targets=targets,
    )


if __name__ == "__main__":
    main()
