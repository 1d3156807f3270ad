from __future__ import annotations

from django.urls import path

from garrison.planning import (
    views,
    views_digest,
    views_import,
    views_inspections,
    views_meetings,
    views_risks,
)

app_name = "planning"

urlpatterns = [
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/new/", views.task_create, name="task_create"),
    path("tasks/import/", views_import.task_import, name="task_import"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/status/", views.task_status, name="task_status"),
    path("tasks/<int:pk>/comments/", views.task_comment, name="task_comment"),
    path("progress/", views.progress, name="progress"),
    path("digest/", views_digest.task_digest, name="digest"),
    path("risks/", views_risks.risk_list, name="risks"),
    path("risks/new/", views_risks.risk_create, name="risk_create"),
    path("risks/<int:pk>/", views_risks.risk_detail, name="risk"),
    path("risks/<int:pk>/edit/", views_risks.risk_edit, name="risk_edit"),
    path("risks/<int:pk>/delete/", views_risks.risk_delete, name="risk_delete"),
    path("risks/<int:pk>/task/", views_risks.risk_task, name="risk_task"),
    path("meetings/", views_meetings.meeting_list, name="meetings"),
    path("meetings/new/", views_meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views_meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views_meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/snapshot/", views_meetings.meeting_snapshot, name="meeting_snapshot"),
    path("meetings/<int:pk>/decisions/", views_meetings.meeting_decision, name="meeting_decision"),
    path("checklists/", views_inspections.checklist_list, name="checklists"),
    path("checklists/new/", views_inspections.checklist_create, name="checklist_create"),
    path("checklists/standard/", views_inspections.checklist_install, name="checklist_install"),
    path("checklists/<int:pk>/edit/", views_inspections.checklist_edit, name="checklist_edit"),
    path("inspections/", views_inspections.inspection_list, name="inspections"),
    path("inspections/new/", views_inspections.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", views_inspections.inspection_detail, name="inspection"),
    path(
        "inspections/<int:pk>/results/",
        views_inspections.inspection_results,
        name="inspection_results",
    ),
    path(
        "inspections/<int:pk>/items/<int:item>/task/",
        views_inspections.inspection_item_task,
        name="inspection_item_task",
    ),
]
