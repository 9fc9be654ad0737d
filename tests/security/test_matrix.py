"""Who may do what: every role against a nomination, its file, its letters, its review and the
staff screens, read as one table.

MATRIX has one row per action and one column per role, in the order of ROLES: anonymous, owner
(nominator A), other (nominator B), assigned reviewer, unassigned reviewer (enrolled), conflicted
reviewer (declared a conflict, which ended the assignment), detected reviewer (assignment still
on record, but works at the candidate's school), staff, superuser. A cell says what the role gets:

    OK    200, and the answer shows the seeded secret where the action shows any (the nominee's
          name in a page, a PDF's text, a file's bytes or an export)
    MINE  200 for a page of the role's own (a list) that never shows the candidate
    DONE  a POST that worked: 302 to the action's `done` page
    GONE  404: forbidden and missing answer the same, so a code proves nothing
    AUTH  302 to the sign-in page (anonymous on a page that needs an account)
    ADMN  302 to the sign-in page from Wagtail's admin access check (non-staff in /admin/)

Every other cell also proves the secret absent from the answer and the data unchanged. The
missing-object tests ask every role for an object that does not exist: whoever would be let
through to the object gets 404; the sign-in and admin checks answer as before.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core import signing
from django.urls import get_resolver, reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from awards.models import LetterRequest, Nomination, generate_code
from awards.tokens import LINK_SALT
from portal.models import AuditEvent
from review.models import Conflict, Review
from tests.responses import body_of
from tests.security.conftest import ROLES, SECRET_NOMINEE, World

# The nominee's family name: in every page, PDF, file and export that may show the nominee (a
# form shows first and family name in separate fields, an export in separate columns).
SECRET = SECRET_NOMINEE[1]
MISSING_ID = 987_654_321  # staff screens take primary keys; none of the world's is this large


@dataclass(frozen=True)
class Outcome:
    label: str
    status: int
    allowed: bool

    def __repr__(self) -> str:
        return self.label


OK = Outcome("OK", 200, allowed=True)
MINE = Outcome("MINE", 200, allowed=True)
DONE = Outcome("DONE", 302, allowed=True)
GONE = Outcome("GONE", 404, allowed=False)
AUTH = Outcome("AUTH", 302, allowed=False)
ADMN = Outcome("ADMN", 302, allowed=False)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def xlsx_text(content: bytes) -> str:
    sheet = load_workbook(io.BytesIO(content)).active
    return "\n".join(str(value) for row in sheet.iter_rows(values_only=True) for value in row)


def text(content: bytes) -> str:
    return content.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class Action:
    """One request: `args(world, missing)` gives the URL's arguments, with the object it acts on
    replaced by one that does not exist when `missing` (None: no object in the URL)."""

    url_name: str
    args: Callable[[World, bool], tuple] | None = None
    method: str = "GET"
    query: str = ""
    data: Callable[[World], dict] = field(default=lambda world: {})
    read: Callable[[bytes], str] = text
    # What an allowed answer shows: the nominee's name by default; None where it shows none.
    marker: Callable[[World], str] | None = lambda world: SECRET
    done: Callable[[World], str] | None = None
    # False where `args` ignores `missing`: the URL names no object of its own to take away.
    acts_on_object: bool = True

    @property
    def has_object(self) -> bool:
        return self.args is not None and self.acts_on_object

    def path(self, world: World, missing: bool = False) -> str:
        args = self.args(world, missing) if self.args else ()
        return reverse(self.url_name, args=args) + self.query


def nomination(world, missing):
    return (generate_code() if missing else world.nomination.code,)


def draft(world, missing):
    return (generate_code() if missing else world.draft.code,)


def nomination_file(world, missing):
    return (world.nomination.code, generate_code() if missing else world.file.code)


def nomination_letter(world, missing):
    return (world.nomination.code, generate_code() if missing else world.letter.code)


def reminded_letter(world, missing):
    return (world.nomination.code, generate_code() if missing else world.pending_letter.code)


def letter_link(world, missing):
    if missing:  # correctly signed, for a letter that does not exist
        return (signing.dumps([generate_code(), 1], salt=LINK_SALT, compress=False),)
    return (world.letter_link_token(),)


def forged(world) -> str:
    """The writer's link with the last character of its signature changed."""
    token = world.letter_link_token()
    return token[:-1] + ("B" if token.endswith("A") else "A")


def candidate(world, missing):
    return (generate_code() if missing else world.dossier.code,)


def candidate_file(world, missing):
    return (world.dossier.code, generate_code() if missing else world.file.code)


def cycle(world, missing):
    return (MISSING_ID if missing else world.cycle.pk,)


def scores(world) -> dict:
    return {f"score-{world.criterion.pk}": "7", "comment": "Strong garden project."}


def candidate_url(world) -> str:
    return reverse("review:candidate", args=(world.dossier.code,))


ACTIONS = {
    # The nominator's pages (awards/urls.py)
    "my nominations": Action("awards:mine"),
    "nomination: view": Action("awards:review", nomination),
    "nomination: edit": Action("awards:step", lambda w, m: (*nomination(w, m), 1)),
    "nomination: submitted page": Action("awards:submitted", nomination),
    "draft: autosave": Action(
        "awards:autosave",
        draft,
        method="POST",
        data=lambda world: {"step": "2", "impact": "A new sentence."},
        marker=None,
    ),
    "nomination: withdraw page": Action("awards:withdraw", nomination),
    "nomination: withdraw": Action(
        "awards:withdraw", nomination, method="POST", marker=None, done=lambda w: "/nominations/"
    ),
    "nomination: receipt PDF": Action("awards:receipt", nomination, read=pdf_text),
    "nomination: remind letter writer": Action(
        "awards:remind_letter",
        reminded_letter,
        method="POST",
        marker=None,
        done=lambda world: reverse("awards:review", args=(world.nomination.code,)),
    ),
    "nomination: file": Action("awards:download_file", nomination_file),
    "nomination: other's file, own code": Action(
        "awards:download_file",
        lambda w, m: (w.nomination.code, w.other_file.code),
        acts_on_object=False,
    ),
    # Letters of support: the writer's signed link, the staff download
    "letter: writer's link": Action("awards:write_letter", letter_link),
    "letter: forged link": Action(
        "awards:write_letter", lambda w, m: (forged(w),), acts_on_object=False
    ),
    "letter: staff download": Action("nomination:letter_file", nomination_letter),
    "letter: as a reviewer file": Action(
        "review:download", lambda w, m: (w.dossier.code, w.letter.code), acts_on_object=False
    ),
    # The reviewer portal (review/urls.py)
    "review: dashboard": Action("review:dashboard", marker=candidate_url),
    "review: candidate page": Action("review:candidate", candidate),
    "review: autosave": Action(
        "review:autosave", candidate, method="POST", data=scores, marker=None
    ),
    "review: submit": Action(
        "review:candidate",
        candidate,
        method="POST",
        data=lambda world: {**scores(world), "action": "submit"},
        marker=None,
        done=lambda world: "/review/",
    ),
    "review: declare conflict": Action(
        "review:conflict",
        candidate,
        method="POST",
        data=lambda world: {"reason": "My neighbour", "confirm": "yes"},
        marker=None,
        done=lambda world: "/review/",
    ),
    "review: packet PDF": Action("review:packet", candidate, read=pdf_text),
    # The finalist round's pages: nobody here sits on the committee, so even the assigned
    # reviewer of the first stage gets nothing (tests/review/test_finalist_portal.py has members).
    "finalist: candidate page": Action("review:finalist_candidate", candidate),
    "finalist: autosave": Action(
        "review:finalist_autosave", candidate, method="POST", data=scores, marker=None
    ),
    "finalist: declare conflict": Action(
        "review:finalist_conflict",
        candidate,
        method="POST",
        data=lambda world: {"reason": "My neighbour", "confirm": "yes"},
        marker=None,
    ),
    "review: file": Action("review:download", candidate_file),
    "review: other's file, own code": Action(
        "review:download",
        lambda w, m: (w.dossier.code, w.other_file.code),
        acts_on_object=False,
    ),
    # Staff screens in the Wagtail admin
    "staff: nominations": Action("nomination:index", query="?year=&status="),
    "staff: export CSV": Action("nomination:index", query="?export=csv"),
    "staff: export XLSX": Action("nomination:index", query="?export=xlsx", read=xlsx_text),
    "staff: cycle nominations CSV": Action(
        "nomination:cycle_export", lambda w, m: (*cycle(w, m), "csv")
    ),
    "staff: cycle nominations XLSX": Action(
        "nomination:cycle_export", lambda w, m: (*cycle(w, m), "xlsx"), read=xlsx_text
    ),
    "staff: candidates export": Action(
        "review_admin:export", lambda w, m: (*cycle(w, m), "candidates", "csv")
    ),
    "staff: reviewers export": Action(
        "review_admin:export",
        lambda w, m: (*cycle(w, m), "reviewers", "xlsx"),
        read=xlsx_text,
        marker=lambda world: world.users["assigned_reviewer"].email,
    ),
    "staff: nomination": Action("nomination:inspect", nomination),
    "staff: nomination file": Action("nomination:file", nomination_file),
    "staff: candidate": Action("dossier:inspect", candidate),
    "staff: assign": Action("review_admin:assign", cycle, marker=None),
    "staff: conflicts": Action("review_admin:conflicts", cycle),
    "staff: progress": Action("review_admin:progress", cycle),
    "staff: invite": Action("review_admin:invite", cycle, marker=None),
    "staff: ranking": Action("review_admin:ranking", cycle, marker=None),
    "staff: committee": Action("review_admin:committee", cycle),
    "staff: messages": Action("review_admin:messages", cycle, marker=None),
    "staff: next year's cycle": Action("cycle:next_year", cycle, marker=None),
    "staff: certificate": Action(
        "review_admin:certificate",
        lambda w, m: (MISSING_ID if m else w.decision.pk,),
        read=pdf_text,
    ),
    "staff: committee packet": Action(
        "review_admin:packet_download", lambda w, m: (MISSING_ID if m else w.packet.pk,)
    ),
    "staff: reach report": Action(
        "reach_report:index", marker=lambda world: world.nomination.school.name
    ),
    "staff: reach report CSV": Action(
        "reach_report:index", query="?export=csv", marker=lambda world: world.nomination.school.name
    ),
    "staff: correct nomination": Action("nomination:correct", nomination),
    "staff: finalists": Action("review_admin:finalists", cycle, marker=None),
    "staff: message log": Action("message_log:index", marker=None),
    "staff: e-mail preview": Action("review_admin:email_preview"),
    "staff: message to a group": Action("review_admin:broadcast", cycle, marker=None),
    "staff: audit log": Action("audit_log:index", marker=lambda world: "results.decision"),
    "staff: audit event": Action(
        "audit_log:inspect",
        lambda w, m: (MISSING_ID if m else AuditEvent.objects.get(action="results.decision").pk,),
        marker=lambda world: world.dossier.code,
    ),
}

# fmt: off
MATRIX = {
    #                                     anon  owner other asgnd unasg confl detct staff super
    "my nominations":                     (AUTH, OK,   MINE, MINE, MINE, MINE, MINE, MINE, MINE),
    "nomination: view":                   (AUTH, OK,   GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "nomination: edit":                   (AUTH, OK,   GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "nomination: submitted page":         (AUTH, OK,   GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "draft: autosave":                    (AUTH, OK,   GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "nomination: withdraw page":          (AUTH, OK,   GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "nomination: withdraw":               (AUTH, DONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "nomination: receipt PDF":            (AUTH, OK,   GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "nomination: remind letter writer":   (AUTH, DONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "nomination: file":                   (AUTH, OK,   GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "nomination: other's file, own code": (AUTH, GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "letter: writer's link":              (OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK),
    "letter: forged link":                (GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "letter: staff download":             (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "letter: as a reviewer file":         (AUTH, GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "review: dashboard":                  (AUTH, MINE, MINE, OK,   MINE, MINE, MINE, MINE, MINE),
    "review: candidate page":             (AUTH, GONE, GONE, OK,   GONE, GONE, GONE, GONE, GONE),
    "review: autosave":                   (AUTH, GONE, GONE, OK,   GONE, GONE, GONE, GONE, GONE),
    "review: submit":                     (AUTH, GONE, GONE, DONE, GONE, GONE, GONE, GONE, GONE),
    "review: declare conflict":           (AUTH, GONE, GONE, DONE, GONE, GONE, GONE, GONE, GONE),
    "review: packet PDF":                 (AUTH, GONE, GONE, OK,   GONE, GONE, GONE, GONE, GONE),
    "finalist: candidate page":           (AUTH, GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "finalist: autosave":                 (AUTH, GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "finalist: declare conflict":         (AUTH, GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "review: file":                       (AUTH, GONE, GONE, OK,   GONE, GONE, GONE, GONE, GONE),
    "review: other's file, own code":     (AUTH, GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "staff: nominations":                 (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: export CSV":                  (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: export XLSX":                 (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: cycle nominations CSV":       (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: cycle nominations XLSX":      (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: candidates export":           (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: reviewers export":            (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: nomination":                  (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: nomination file":             (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: candidate":                   (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: assign":                      (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: conflicts":                   (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: progress":                    (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: invite":                      (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: ranking":                     (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: committee":                   (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: messages":                    (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: next year's cycle":           (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: certificate":                 (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: committee packet":            (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: reach report":                (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: reach report CSV":            (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: correct nomination":          (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: finalists":                   (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: message log":                 (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: e-mail preview":              (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: message to a group":          (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: audit log":                   (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
    "staff: audit event":                 (AUTH, ADMN, ADMN, ADMN, ADMN, ADMN, ADMN, OK,   OK),
}
# fmt: on

# URL names of the nominator's and reviewer's portals left out of MATRIX, and where they are held.
NOT_IN_MATRIX = {
    "awards:start": "the public landing page of an award, no nomination in its URL",
    "awards:nominee_response": "a signed link, tests/awards/test_views.py",
    "awards:guardian_consent": "a signed link, tests/awards/test_views.py",
    "awards:stop_letter_reminders": "a signed link, tests/review/test_reminders.py",
    "awards:presign_upload": "direct uploads to S3, tests/awards/test_direct_uploads.py",
    "awards:confirm_upload": "direct uploads to S3, tests/awards/test_direct_uploads.py",
    "review:join": "a signed invitation link, tests/review/test_enrolment.py",
}


def cells() -> list:
    return [
        pytest.param(action, role, expected, id=f"{action} | {role}")
        for action, row in MATRIX.items()
        for role, expected in zip(ROLES, row, strict=True)
    ]


def missing_cells() -> list:
    """Actions on one object of the world, asked with that object missing."""
    return [
        pytest.param(
            action, role, expected if expected in (AUTH, ADMN) else GONE, id=f"{action} | {role}"
        )
        for action, row in MATRIX.items()
        if ACTIONS[action].has_object
        for role, expected in zip(ROLES, row, strict=True)
    ]


def state(world: World) -> tuple:
    """Everything a request in MATRIX could change."""
    return (
        list(Nomination.objects.order_by("pk").values_list("status", "updated_at", "answers")),
        list(LetterRequest.objects.order_by("pk").values_list("send_count", "last_sent_at")),
        Review.objects.count(),
        Conflict.objects.count(),
        AuditEvent.objects.count(),
    )


def ask(client, world: World, action: Action, missing: bool = False):
    path = action.path(world, missing)
    if action.method == "POST":
        return client.post(path, action.data(world))
    return client.get(path)


def assert_outcome(response, world: World, action: Action, expected: Outcome) -> None:
    assert response.status_code == expected.status
    content = body_of(response)
    if expected in (AUTH, ADMN):
        assert response["Location"].startswith("/accounts/login/?next=")
    if expected is DONE:
        assert response["Location"] == action.done(world)
    marker = action.marker(world) if action.marker else None
    if expected is OK:
        if marker:
            assert marker in action.read(content)
    else:
        assert SECRET not in text(content)
        if marker:
            assert marker not in text(content)


def test_matrix_covers_every_action_and_role():
    assert set(MATRIX) == set(ACTIONS)
    assert {len(row) for row in MATRIX.values()} == {len(ROLES)}


def test_matrix_covers_every_portal_url():
    resolver = get_resolver()
    names = {
        f"{namespace}:{name}"
        for namespace in ("awards", "review")
        for name in resolver.namespace_dict[namespace][1].reverse_dict
        if isinstance(name, str)
    }
    covered = {action.url_name for action in ACTIONS.values()}
    assert names - covered == set(NOT_IN_MATRIX)


@pytest.mark.parametrize(("action", "role", "expected"), cells())
def test_matrix_role_gets_exactly_its_cell(client_as, world, action, role, expected):
    client = client_as(role)
    before = state(world)

    response = ask(client, world, ACTIONS[action])

    assert_outcome(response, world, ACTIONS[action], expected)
    if not expected.allowed:
        assert state(world) == before


@pytest.mark.parametrize(("action", "role", "expected"), missing_cells())
def test_matrix_missing_object_answers_like_a_forbidden_one(
    client_as, world, action, role, expected
):
    client = client_as(role)
    before = state(world)

    response = ask(client, world, ACTIONS[action], missing=True)

    assert_outcome(response, world, ACTIONS[action], expected)
    assert state(world) == before
