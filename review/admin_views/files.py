"""Files staff download: committee packets and winners' certificates (one, or a job's)."""

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.models import audit
from portal.permissions import (
    can_see_decisions,
)
from portal.storage import private_content_response, private_file_response
from portal.viewsets import StaffOnlyMixin

from ..models import (
    CertificateJob,
    Decision,
    PacketJob,
)
from ..pdf import certificate_pdf


class PacketDownloadView(StaffOnlyMixin, View):
    """A finished committee packet, for staff only; every download is audited."""

    allowed = staticmethod(can_see_decisions)

    def get(self, request, job_id: int):
        job = get_object_or_404(
            PacketJob.objects.select_related("cycle__award"),
            pk=job_id,
            status=PacketJob.Status.DONE,
        )
        audit(request.user, "results.packet_downloaded", job.cycle, job=job.pk)
        name = f"committee-packet-{job.cycle.award.slug}.pdf"
        return private_file_response(job.storage_key, name)


class CertificateDownloadView(StaffOnlyMixin, View):
    """A winner's certificate, for staff; audited."""

    allowed = staticmethod(can_see_decisions)

    def get(self, request, decision_id: int):
        decision = get_object_or_404(
            Decision.objects.select_related("dossier", "cycle"),
            pk=decision_id,
            outcome=Decision.Outcome.WINNER,
        )
        audit(request.user, "results.certificate_downloaded", decision.dossier)
        return private_content_response(
            certificate_pdf(decision),
            f"certificate-{decision.dossier.code}.pdf",
            "application/pdf",
        )


class CertificateJobView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Winners' certificates being built (a ZIP or one PDF): the progress, then the download
    link. Anyone but staff gets 404, as for a job that does not exist."""

    template_name = "review/admin/certificate_job.html"
    page_title = "Winners' certificates"
    header_icon = "download"
    breadcrumbs_items: list[dict] = []
    allowed = staticmethod(can_see_decisions)
    refused_as_missing = True

    def get_context_data(self, **kwargs):
        job = get_object_or_404(CertificateJob, pk=self.kwargs["job_id"])
        return super().get_context_data(job=job, count=job.decisions.count(), **kwargs)


class CertificateJobDownloadView(StaffOnlyMixin, View):
    """Finished winners' certificates (the ZIP or the one PDF), for staff only (404 for anyone
    else); every download is audited."""

    allowed = staticmethod(can_see_decisions)
    refused_as_missing = True

    def get(self, request, job_id: int):
        job = get_object_or_404(CertificateJob, pk=job_id, status=CertificateJob.Status.DONE)
        audit(request.user, "results.certificates_downloaded", job)
        return private_file_response(job.storage_key, f"certificates-{job.pk}.{job.format}")
