"""Direct uploads in a real browser: the step page's script presigns, posts the file straight to
the bucket (a moto S3 server, with the CORS rules a deployment sets), asks the server to check
it, and shows the result. The page's own Content-Security-Policy is enforced throughout (no
bypass_csp), so a policy that forgot the bucket would fail these tests."""

import base64
import json
import re

import boto3
import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from awards.models import Nomination, NominationFile
from portal.models import AuditEvent
from portal.pdf import render_pdf
from tests.awards.factories import NominationFactory
from tests.e2e.conftest import AXE_SCRIPT
from tests.factories import UserFactory

MB = 1024 * 1024
DOCUMENTS_STEP = 4
ANSWERS = {"impact": "She turned the courtyard into a pond lab where every class studies water."}
KEPT = " Your draft is kept."
NOT_ACCEPTED = "This type of file is not accepted. Upload PDF, Word (.docx), JPEG image, PNG image."
DID_NOT_WORK = "The upload did not work (connection or sign-in problem). Please try again."
# Run before any page script (DevTools is exempt from the page's CSP): record every policy
# violation, every uncaught error, and the fields of every form an XMLHttpRequest sends (files
# by name and size).
RECORD_IN_PAGE = """
(() => {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
  });
  window.__pageErrors = [];
  window.addEventListener("error", (event) => window.__pageErrors.push(event.message));
  window.addEventListener("unhandledrejection", (event) =>
    window.__pageErrors.push(String(event.reason)));
  window.__xhrForms = [];
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (body) {
    if (body instanceof FormData) {
      window.__xhrForms.push([...body.entries()].map(([name, value]) =>
        [name, value instanceof File ? {name: value.name, size: value.size} : value]));
    }
    return send.call(this, body);
  };
})();
"""


@pytest.fixture
def bucket(s3_private_storage, s3_server, live_server):
    """The private bucket, taking browser POSTs from the portal's origin only, as deployed."""
    client = boto3.client("s3", endpoint_url=s3_server.endpoint, region_name="us-east-1")
    allow_origin(client, s3_server.bucket, live_server.url)
    return client


def allow_origin(client, bucket_name: str, origin: str) -> None:
    client.put_bucket_cors(
        Bucket=bucket_name,
        CORSConfiguration={
            "CORSRules": [
                {
                    "AllowedOrigins": [origin],
                    "AllowedMethods": ["POST"],
                    "AllowedHeaders": ["*"],
                    "MaxAgeSeconds": 600,
                }
            ]
        },
    )


def bucket_keys(client, s3_server) -> list[str]:
    listing = client.list_objects_v2(Bucket=s3_server.bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


@pytest.fixture
def evidence_question(demo_site):
    """The demo award's file question, limited to 1 MB so an oversize file stays small."""
    cycle = demo_site["k8-science-teacher"].cycles.get()
    question = cycle.questions.get(key="evidence")
    question.max_file_size_mb = 1
    question.save()
    return question


@pytest.fixture
def draft(evidence_question):
    nominator = UserFactory(verified=True)
    return NominationFactory(
        cycle=evidence_question.cycle, nominator=nominator, answers=dict(ANSWERS)
    )


@pytest.fixture
def nominator_page(browser, live_server, draft):
    """The nominator, signed in, in a context that enforces the site's CSP."""
    client = Client()
    client.force_login(draft.nominator)
    context = browser.new_context(bypass_csp=False)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    context.add_init_script(RECORD_IN_PAGE)
    page = context.new_page()
    yield page
    context.close()


def open_documents_step(page, live_server, draft):
    response = page.goto(f"{live_server.url}/nominations/{draft.code}/step/{DOCUMENTS_STEP}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Supporting materials")
    return response


def upload_status(page):
    return page.locator("#upload-evidence-status")


def choose_file(page, name: str, data: bytes, mime_type: str = "application/pdf") -> None:
    page.get_by_label("Choose a file").set_input_files(
        {"name": name, "mimeType": mime_type, "buffer": data}
    )


def csp_violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations")


def page_errors(page) -> list[str]:
    return page.evaluate("window.__pageErrors")


def posts_to(page, origin: str) -> list:
    """Start recording the POST requests the page sends to `origin`; returns the live list."""
    sent = []
    page.on(
        "request",
        lambda request: (
            sent.append(request)
            if request.method == "POST" and request.url.startswith(origin)
            else None
        ),
    )
    return sent


def assert_meets_its_policy(form: list, bucket_url: str, bucket_name: str, max_bytes: int):
    """What S3 checks of a presigned POST and moto does not: the URL is the bucket's; every
    field but the policy, the signature and the file is named by a condition and equals it; the
    file comes last and its size is within the range."""
    *fields, (last_name, file) = form
    values = dict(fields)
    conditions = json.loads(base64.b64decode(values.pop("policy")))["conditions"]
    del values["x-amz-signature"]
    exact = {
        name: value
        for condition in conditions
        if isinstance(condition, dict)
        for name, value in condition.items()
    }
    assert exact.pop("bucket") == bucket_name
    assert bucket_url.endswith(f"/{bucket_name}")
    assert values == exact
    assert ["content-length-range", 1, max_bytes] in conditions
    assert last_name == "file"
    assert 1 <= file["size"] <= max_bytes


def serious_accessibility_problems(page) -> list[dict]:
    """axe-core, evaluated through DevTools (the page's CSP forbids injected script tags)."""
    page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "targets": [node["target"] for node in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def file_events(nomination) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_code=nomination.code, action__startswith="nomination.file")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_pdf_chosen_in_the_browser_goes_to_the_bucket_and_is_attached_once(
    nominator_page, live_server, draft, bucket, s3_server
):
    page = nominator_page
    data = render_pdf("<h1>Pond lab newsletter</h1><p>Every class studies the water.</p>")
    to_bucket = posts_to(page, s3_server.endpoint)

    response = open_documents_step(page, live_server, draft)
    choose_file(page, "pond-lab.pdf", data)

    expect(upload_status(page)).to_have_text("Uploaded pond-lab.pdf.")
    record = NominationFile.objects.get(nomination=draft)
    link = page.locator("#q-evidence .file-list").get_by_role("link", name="pond-lab.pdf")
    expect(link).to_have_attribute("href", f"/nominations/{draft.code}/files/{record.code}/")
    expect(upload_status(page)).not_to_have_class(re.compile("direct-upload__status--error"))
    expect(page.locator("#error-summary")).to_have_count(0)
    assert f"connect-src 'self' {s3_server.endpoint}" in response.headers["content-security-policy"]
    assert (csp_violations(page), page_errors(page)) == ([], [])
    # The file went from the browser to the bucket itself, once, as its policy demands.
    assert [request.url for request in to_bucket] == [f"{s3_server.endpoint}/{s3_server.bucket}"]
    (form,) = page.evaluate("window.__xhrForms")
    assert_meets_its_policy(form, to_bucket[0].url, s3_server.bucket, MB)
    assert form[-1] == ["file", {"name": "pond-lab.pdf", "size": len(data)}]
    assert dict(form[:-1])["Content-Type"] == "application/pdf"
    assert (record.question_key, record.display_name, record.content_type, record.size) == (
        "evidence",
        "pond-lab.pdf",
        "application/pdf",
        len(data),
    )
    assert file_events(draft) == ["nomination.file_added"]
    # Only the checked file is left in the bucket: the original, with exactly the bytes chosen,
    # and the clean copy everyone but staff is given.
    assert bucket_keys(bucket, s3_server) == sorted(
        [f"private/{record.storage_key}", f"private/{record.original_storage_key}"]
    )
    original = bucket.get_object(
        Bucket=s3_server.bucket, Key=f"private/{record.original_storage_key}"
    )
    assert original["Body"].read() == data
    clean_copy = bucket.get_object(Bucket=s3_server.bucket, Key=f"private/{record.storage_key}")
    clean_copy = clean_copy["Body"].read()
    problems = serious_accessibility_problems(page)
    assert problems == [], problems
    # The link the script added downloads the file.
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "pond-lab.pdf"
    assert download.value.path().read_bytes() == clean_copy

    # Saving the step afterwards sends no second copy through the form.
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#q-evidence .file-list li")).to_have_count(1)
    expect(page.locator("#q-evidence .file-list")).to_contain_text("pond-lab.pdf")
    assert NominationFile.objects.filter(nomination=draft).count() == 1
    assert (csp_violations(page), page_errors(page)) == ([], [])


def test_file_named_pdf_that_is_not_a_pdf_is_refused_and_removed_from_the_bucket(
    nominator_page, live_server, draft, bucket, s3_server
):
    page = nominator_page
    to_bucket = posts_to(page, s3_server.endpoint)
    open_documents_step(page, live_server, draft)

    choose_file(page, "resume.pdf", b"Minutes of the science club, March 3rd.\n")

    expect(upload_status(page)).to_have_text(NOT_ACCEPTED + KEPT)
    expect(upload_status(page)).to_have_class(re.compile("direct-upload__status--error"))
    expect(page.get_by_label("Choose a file")).to_be_enabled()
    expect(page.locator("#q-evidence .file-list")).to_have_count(0)
    # It did reach the bucket, and the server's check removed it there.
    assert len(to_bucket) == 1
    assert bucket_keys(bucket, s3_server) == []
    draft.refresh_from_db()
    assert (draft.status, draft.answers) == (Nomination.Status.DRAFT, ANSWERS)
    assert NominationFile.objects.filter(nomination=draft).count() == 0
    assert file_events(draft) == []
    assert (csp_violations(page), page_errors(page)) == ([], [])
    problems = serious_accessibility_problems(page)
    assert problems == [], problems


def test_oversize_file_is_refused_by_the_page_before_it_is_sent(
    nominator_page, live_server, draft, bucket, s3_server
):
    page = nominator_page
    to_bucket = posts_to(page, s3_server.endpoint)
    open_documents_step(page, live_server, draft)

    choose_file(page, "scan.pdf", b"%PDF-1.7\n" + b"0" * MB)

    expect(upload_status(page)).to_have_text("This file is larger than 1 MB." + KEPT)
    expect(upload_status(page)).to_have_class(re.compile("direct-upload__status--error"))
    assert to_bucket == []
    assert bucket_keys(bucket, s3_server) == []
    assert NominationFile.objects.filter(nomination=draft).count() == 0


def test_oversize_file_that_reaches_the_bucket_is_refused_on_confirm(
    nominator_page, live_server, draft, bucket, s3_server
):
    """A browser that skips the page's size check. Real S3 refuses the POST by its policy's
    content-length-range; moto does not enforce it, so this shows the server's own check."""
    page = nominator_page

    def claim_a_larger_limit(route):
        presigned = route.fetch().json()
        route.fulfill(json={**presigned, "max_bytes": 10 * MB})

    page.route(f"**/nominations/{draft.code}/uploads/presign/", claim_a_larger_limit)
    to_bucket = posts_to(page, s3_server.endpoint)
    open_documents_step(page, live_server, draft)

    choose_file(page, "scan.pdf", b"%PDF-1.7\n" + b"0" * MB)

    expect(upload_status(page)).to_have_text("This file is larger than 1 MB." + KEPT)
    assert len(to_bucket) == 1
    assert bucket_keys(bucket, s3_server) == []
    assert NominationFile.objects.filter(nomination=draft).count() == 0


def test_bucket_that_does_not_allow_the_portal_origin_fails_the_upload_clearly(
    nominator_page, live_server, draft, bucket, s3_server
):
    """The bucket's CORS rules are what let the portal's pages post to it. moto applies them to
    the preflight (the script's upload-progress listener makes the browser send one) and, unlike
    S3, allows any origin on a bucket without rules: this shows the rule set above is the one
    that matters."""
    page = nominator_page
    allow_origin(bucket, s3_server.bucket, "https://elsewhere.example")
    open_documents_step(page, live_server, draft)

    choose_file(page, "pond-lab.pdf", render_pdf("<h1>Pond lab</h1>"))

    expect(upload_status(page)).to_have_text(DID_NOT_WORK + KEPT)
    assert csp_violations(page) == []
    assert bucket_keys(bucket, s3_server) == []
    assert NominationFile.objects.filter(nomination=draft).count() == 0


def test_page_policy_without_the_bucket_would_block_the_upload(
    nominator_page, live_server, draft, bucket, s3_server
):
    """The browser here enforces the page's CSP: drop the bucket from connect-src and the
    upload is blocked (so the passing test above proves the real policy allows it)."""
    page = nominator_page

    def without_the_bucket(route):
        response = route.fetch()
        policy = response.headers["content-security-policy"]
        route.fulfill(
            response=response,
            headers={
                **response.headers,
                "content-security-policy": policy.replace(f" {s3_server.endpoint}", ""),
            },
        )

    page.route(f"**/nominations/{draft.code}/step/{DOCUMENTS_STEP}/", without_the_bucket)
    open_documents_step(page, live_server, draft)

    choose_file(page, "pond-lab.pdf", render_pdf("<h1>Pond lab</h1>"))

    expect(upload_status(page)).to_have_text(DID_NOT_WORK + KEPT)
    assert csp_violations(page) == [f"connect-src {s3_server.endpoint}/{s3_server.bucket}"]
    assert NominationFile.objects.filter(nomination=draft).count() == 0
