from django.urls import path

from . import views
from .models import Stage

FINALIST = {"stage": Stage.FINALIST}

app_name = "review"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("join/<str:token>/", views.join, name="join"),
    path("finalists/<str:dossier_code>/", views.candidate, FINALIST, name="finalist_candidate"),
    path(
        "finalists/<str:dossier_code>/conflict/",
        views.conflict,
        FINALIST,
        name="finalist_conflict",
    ),
    path(
        "finalists/<str:dossier_code>/autosave/",
        views.autosave,
        FINALIST,
        name="finalist_autosave",
    ),
    path("<str:dossier_code>/", views.candidate, name="candidate"),
    path("<str:dossier_code>/conflict/", views.conflict, name="conflict"),
    path("<str:dossier_code>/packet.pdf", views.packet, name="packet"),
    path("<str:dossier_code>/autosave/", views.autosave, name="autosave"),
    path("<str:dossier_code>/files/<str:file_code>/", views.download, name="download"),
]
