"""PDFs of the review side: winners' certificates, one by one or many in one PDF."""

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint.document import Document

from portal.pdf import render_document, write_documents

from .message_templates import render_text, template_for
from .models import MessageTemplate


def certificate_pdf(decision, to: str = "") -> bytes:
    """The winner's certificate as a PDF (see `certificate_document`)."""
    return write_documents([certificate_document(decision, to)])


def certificate_document(decision, to: str = "") -> Document:
    """The winner's certificate, laid out, from the staff-edited certificate template, in the
    language of the nominee and their family (the one the nominator chose for them; for the
    copy sent to the address `to`, the one chosen on the nomination naming that address, as the
    e-mail it goes with): that language's version of the template (the English one where staff
    deleted it), the award's name as translated, the document tagged with the language (`<html
    lang>`) and set in a font that covers its script."""
    nominations = list(
        decision.dossier.nominations.filter(status="submitted")
        .select_related("school", "cycle__award")
        .order_by("submitted_at", "pk")
    )
    nomination = nominations[0]
    addressed = [
        n
        for n in nominations
        if to and to.strip().lower() in {n.nominee_email.lower(), n.guardian_email.lower()}
    ]
    language = (addressed or nominations)[0].family_language
    template = template_for(MessageTemplate.Kind.CERTIFICATE, language)
    context = {
        # The name staff set for the public, never a mistyped one when they set it.
        "name": decision.public_name or nomination.nominee_name,
        "role": nomination.nominee_role,
        "school": nomination.school.name if nomination.school_id else "",
        "award": nomination.cycle.award.localised("name", template.language),
        "cycle": nomination.cycle.name,
        "citation": decision.citation,
    }
    with translation.override(template.language):
        lines = [line for line in render_text(template.body, context).splitlines() if line.strip()]
        html = render_to_string(
            "review/pdf/certificate.html",
            {"heading": render_text(template.subject, context), "lines": lines},
        )
        return render_document(html)
