from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("nominate/<slug:award_slug>/", views.start, name="start"),
    path("nominations/", views.my_nominations, name="mine"),
    path("nominations/<str:code>/step/<int:number>/", views.step_view, name="step"),
    path("nominations/<str:code>/autosave/", views.autosave, name="autosave"),
    path(
        "nominations/<str:code>/uploads/presign/",
        views.presign_upload,
        name="presign_upload",
    ),
    path(
        "nominations/<str:code>/uploads/confirm/",
        views.confirm_upload,
        name="confirm_upload",
    ),
    path("nominations/<str:code>/review/", views.review, name="review"),
    path("nominations/<str:code>/submitted/", views.submitted, name="submitted"),
    path("nominations/<str:code>/withdraw/", views.withdraw, name="withdraw"),
    path("nominations/<str:code>/receipt.pdf", views.receipt, name="receipt"),
    path(
        "nominations/<str:code>/files/<str:file_code>/",
        views.download_file,
        name="download_file",
    ),
    path(
        "nominations/<str:code>/letters/<str:letter_code>/remind/",
        views.remind_letter,
        name="remind_letter",
    ),
    path("letters/<str:token>/", views.write_letter, name="write_letter"),
    path(
        "reminders/stop/<str:token>/",
        views.stop_letter_reminders,
        name="stop_letter_reminders",
    ),
    path("nominee/<str:token>/", views.nominee_response, name="nominee_response"),
    path("consent/<str:token>/", views.guardian_consent, name="guardian_consent"),
]
