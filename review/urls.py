from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("join/<str:token>/", views.join, name="join"),
    path("<str:dossier_code>/", views.candidate, name="candidate"),
    path("<str:dossier_code>/conflict/", views.conflict, name="conflict"),
    path("<str:dossier_code>/packet.pdf", views.packet, name="packet"),
    path("<str:dossier_code>/autosave/", views.autosave, name="autosave"),
    path("<str:dossier_code>/files/<str:file_code>/", views.download, name="download"),
]
