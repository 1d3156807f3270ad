from __future__ import annotations

from django.urls import path

from garrison.reports import units, views
from garrison.reports.sitreps import views as sitreps

app_name = "reports"

urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path("plan/objectives/", views.objectives, name="objectives"),
    path("plan/publish/", views.publish, name="publish"),
    path("plan/publish/progress/", views.publish_job, name="publish_job"),
    path("plan/versions/<int:pk>.pdf", views.published_pdf, name="published_pdf"),
    path("plan/versions/<int:pk>/changes/", views.version_changes, name="version_changes"),
    path("plan/units/", units.unit_list, name="unit_list"),
    path("plan/units/<int:unit_id>/", units.unit_page, name="unit_page"),
    path("sitreps/", sitreps.sitreps, name="sitreps"),
    path("sitreps/schedule/", sitreps.schedule, name="sitrep_schedule"),
    path("sitreps/publish/", sitreps.publish, name="sitrep_publish"),
    path("sitreps/<int:pk>/", sitreps.sitrep, name="sitrep"),
    path("sitreps/<int:pk>.pdf", sitreps.sitrep_pdf, name="sitrep_pdf"),
]
