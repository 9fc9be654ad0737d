"""One small portal with a person in every role around one candidate, for the security suite.

Nominator A nominated SECRET_NOMINEE (a submitted nomination with an uploaded file and a letter
of support that came as a file, filed as a candidate) and keeps a draft; nominator B has a
nomination of their own. Reviewers: one assigned to A's candidate, one enrolled but not
assigned, one who declared a conflict (which ended their assignment) and one whose assignment
still stands but who works at the candidate's school (a detected conflict). Staff and a
superuser. The candidate won: a certificate and a finished committee packet exist.
"""

import copy
import shutil
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import override_settings
from django.utils import timezone

from awards.models import Dossier, LetterRequest, Nomination, NominationFile
from awards.tokens import letter_token
from portal.storage import new_private_key, private_storage
from review.domain.conflicts import declare_conflict
from review.domain.decisions import record_decision
from review.models import (
    Assignment,
    Criterion,
    Decision,
    PacketJob,
    ReviewerEnrolment,
    ReviewSettings,
    Rubric,
)
from tests.awards.factories import (
    LetterRequestFactory,
    NominationFactory,
    QuestionFactory,
    candidate,
)
from tests.factories import CycleFactory, SchoolFactory, UserFactory
from tests.transactions import kept_for_the_module

SECRET_NOMINEE = ("Ottoline", "Quibblesworth")
SECRET_NAME = " ".join(SECRET_NOMINEE)
ESSAY = "Ottoline rebuilt the school garden with her class."

# Bytes of every stored file carry the nominee's name, so a leaked download is visible.
NOMINATION_FILE = f"%PDF-1.4\n% classroom photo of {SECRET_NAME}\n%%EOF\n".encode()
LETTER_FILE = f"%PDF-1.4\n% letter of support for {SECRET_NAME}\n%%EOF\n".encode()
PACKET_FILE = f"%PDF-1.4\n% committee packet: {SECRET_NAME}, winner\n%%EOF\n".encode()

ROLES = (
    "anonymous",
    "owner",
    "other_nominator",
    "assigned_reviewer",
    "unassigned_reviewer",
    "conflicted_reviewer",
    "detected_reviewer",
    "staff",
    "superuser",
)


@dataclass
class World:
    cycle: object
    nomination: Nomination
    draft: Nomination
    file: NominationFile
    letter: LetterRequest
    pending_letter: LetterRequest
    other_nomination: Nomination
    other_file: NominationFile
    criterion: Criterion
    decision: Decision
    packet: PacketJob
    users: dict

    @property
    def dossier(self) -> Dossier:
        return self.nomination.dossier

    def letter_link_token(self) -> str:
        return letter_token(self.pending_letter)


def store(folder: str, content: bytes) -> str:
    return private_storage().save(new_private_key(folder, ".pdf"), ContentFile(content))


def add_file(nomination: Nomination, content: bytes, name: str) -> NominationFile:
    return NominationFile.objects.create(
        nomination=nomination,
        question_key="documents",
        storage_key=store(f"nominations/{nomination.cycle_id}", content),
        display_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256="0" * 64,
    )


def submitted_candidate(cycle, form, **fields) -> Nomination:
    """A submitted nomination answering `form`, filed as a candidate of its own."""
    return candidate(
        cycle,
        submitted_at=timezone.now(),
        form_snapshot=[question.snapshot() for question in form],
        **fields,
    )


def enrol(cycle, user, schools=()) -> ReviewerEnrolment:
    enrolment = ReviewerEnrolment.objects.create(
        cycle=cycle, reviewer=user, status=ReviewerEnrolment.Status.ACTIVE
    )
    enrolment.schools.set(schools)
    return enrolment


def make_world(answers: dict | None = None, **nominee) -> World:
    """Builds the world. `answers` replace the nomination's answers and `nominee` its nominee
    fields (for hostile text)."""
    cycle = CycleFactory()
    school = SchoolFactory(name="Lakeside High")
    form = [
        QuestionFactory(cycle=cycle, key="impact", section="Why her", label="Her impact"),
        QuestionFactory(
            cycle=cycle,
            key="documents",
            section="Documents",
            file=True,
            required=False,
            max_files=2,
        ),
        QuestionFactory(
            cycle=cycle,
            key="support",
            section="Documents",
            letters=True,
            required=False,
            min_letters=0,
        ),
    ]
    users = {
        "anonymous": None,
        "owner": UserFactory(verified=True),
        "other_nominator": UserFactory(verified=True),
        "assigned_reviewer": UserFactory(reviewer=True, verified=True),
        "unassigned_reviewer": UserFactory(reviewer=True, verified=True),
        "conflicted_reviewer": UserFactory(reviewer=True, verified=True),
        "detected_reviewer": UserFactory(reviewer=True, verified=True),
        "staff": UserFactory(staff=True, verified=True),
        "superuser": UserFactory(superuser=True, verified=True),
    }
    nomination = submitted_candidate(
        cycle,
        form,
        nominator=users["owner"],
        school=school,
        **{
            "nominee_first_name": SECRET_NOMINEE[0],
            "nominee_last_name": SECRET_NOMINEE[1],
            **nominee,
        },
        answers=answers if answers is not None else {"impact": ESSAY},
    )
    file = add_file(nomination, NOMINATION_FILE, "classroom.pdf")
    letter = LetterRequestFactory(
        nomination=nomination,
        status=LetterRequest.Status.RECEIVED,
        received_at=timezone.now(),
        letter_file_key=store("letters", LETTER_FILE),
        letter_file_name="support.pdf",
    )
    pending_letter = LetterRequestFactory(
        nomination=nomination, last_sent_at=timezone.now() - timedelta(hours=1)
    )
    draft = NominationFactory(
        cycle=cycle,
        nominator=users["owner"],
        school=school,
        nominee_first_name=SECRET_NOMINEE[0],
        nominee_last_name=SECRET_NOMINEE[1],
    )
    other_nomination = submitted_candidate(
        cycle,
        form,
        nominator=users["other_nominator"],
        nominee_first_name="Bartholomew",
        nominee_last_name="Elsewhere",
        answers={"impact": "He coaches chess."},
    )
    other_file = add_file(other_nomination, b"%PDF-1.4\n% another candidate\n", "chess.pdf")

    # Nothing hidden: the matrix proves who reaches what; blind review has tests of its own.
    ReviewSettings.objects.create(
        cycle=cycle, release_at=timezone.now() - timedelta(hours=1), blind_fields=[]
    )
    rubric = Rubric.objects.create(cycle=cycle)
    criterion = Criterion.objects.create(
        rubric=rubric, name="Impact", weight=Decimal("1"), scale_min=0, scale_max=10
    )
    dossier = nomination.dossier
    Assignment.objects.create(dossier=dossier, enrolment=enrol(cycle, users["assigned_reviewer"]))
    enrol(cycle, users["unassigned_reviewer"])
    conflicted = enrol(cycle, users["conflicted_reviewer"])
    Assignment.objects.create(dossier=dossier, enrolment=conflicted)
    declare_conflict(conflicted, dossier, "Former colleague", users["conflicted_reviewer"])
    detected = enrol(cycle, users["detected_reviewer"], schools=[school])
    Assignment.objects.create(dossier=dossier, enrolment=detected)

    decision = record_decision(
        cycle,
        dossier,
        users["staff"],
        outcome=Decision.Outcome.WINNER,
        citation="For a garden that changed a school.",
    )
    packet = PacketJob.objects.create(
        cycle=cycle,
        status=PacketJob.Status.DONE,
        progress=100,
        storage_key=store("packets", PACKET_FILE),
        created_by=users["staff"],
        finished_at=timezone.now(),
    )
    return World(
        cycle=cycle,
        nomination=nomination,
        draft=draft,
        file=file,
        letter=letter,
        pending_letter=pending_letter,
        other_nomination=other_nomination,
        other_file=other_file,
        criterion=criterion,
        decision=decision,
        packet=packet,
        users=users,
    )


@pytest.fixture
def build_world(db):
    """Builds a world of the test's own (`make_world`), for a test that needs it changed."""
    return make_world


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for a test module (`kept_for_the_module`): what a test writes is
    rolled back before the next one.

    Its files are stored in a folder of the module's; `world` copies them into each test's own.
    """
    private_root = tmp_path_factory.mktemp("world-private")
    storages = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "portal.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(private_root)},
        },
    }
    with kept_for_the_module(django_db_blocker):
        with (
            django_db_blocker.unblock(),
            override_settings(PRIVATE_ROOT=private_root, STORAGES=storages),
        ):
            built = make_world()
        yield built, private_root


@pytest.fixture
def world(module_world, db, isolated_file_storage) -> World:
    """The module's world, its files copied into the test's own private folder; a copy of its
    objects, so a test that changes one in memory changes it for itself only."""
    built, private_root = module_world
    shutil.copytree(private_root, isolated_file_storage["private"], dirs_exist_ok=True)
    return copy.deepcopy(built)


def sign_in(client, world: World, role: str):
    """`client` signed in as `role` of `world` (anonymous: signed out)."""
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def client_as(client, world):
    """The test client signed in as a role of the world."""
    return lambda role: sign_in(client, world, role)
