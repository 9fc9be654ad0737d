"""The review side's staff screens about one cycle, as one admin viewset."""

from django.urls import path
from wagtail.admin.viewsets.base import ViewSet

from . import admin_views


class CycleReviewViewSet(ViewSet):
    """Ranking, invitations, assignment, progress, conflicts, committee and message log of a
    cycle, at admin/review/<screen>/<cycle id>/ (URL names `review_admin:<screen>`)."""

    name = "review_admin"
    url_prefix = "review"

    def get_urlpatterns(self):
        return [
            path("ranking/<int:cycle_id>/", admin_views.RankingView.as_view(), name="ranking"),
            path("invite/<int:cycle_id>/", admin_views.InviteView.as_view(), name="invite"),
            path("assign/<int:cycle_id>/", admin_views.AssignView.as_view(), name="assign"),
            path("progress/<int:cycle_id>/", admin_views.ProgressView.as_view(), name="progress"),
            path(
                "conflicts/<int:cycle_id>/", admin_views.ConflictsView.as_view(), name="conflicts"
            ),
            path(
                "committee/<int:cycle_id>/", admin_views.CommitteeView.as_view(), name="committee"
            ),
            path("messages/<int:cycle_id>/", admin_views.MessagesView.as_view(), name="messages"),
        ]
