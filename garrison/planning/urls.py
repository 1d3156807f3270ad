from __future__ import annotations

from django.urls import path

from garrison.planning.digest import views as digest
from garrison.planning.imports import views as imports
from garrison.planning.inspections import views as inspections
from garrison.planning.meetings import views as meetings
from garrison.planning.risks import views as risks
from garrison.planning.tasks import views as tasks

app_name = "planning"

urlpatterns = [
    path("tasks/", tasks.task_list, name="tasks"),
    path("tasks/new/", tasks.task_create, name="task_create"),
    path("tasks/import/", imports.task_import, name="task_import"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task"),
    path("tasks/<int:pk>/edit/", tasks.task_edit, name="task_edit"),
    path("tasks/<int:pk>/status/", tasks.task_status, name="task_status"),
    path("tasks/<int:pk>/comments/", tasks.task_comment, name="task_comment"),
    path("progress/", tasks.progress, name="progress"),
    path("digest/", digest.task_digest, name="digest"),
    path("risks/", risks.risk_list, name="risks"),
    path("risks/new/", risks.risk_create, name="risk_create"),
    path("risks/<int:pk>/", risks.risk_detail, name="risk"),
    path("risks/<int:pk>/edit/", risks.risk_edit, name="risk_edit"),
    path("risks/<int:pk>/delete/", risks.risk_delete, name="risk_delete"),
    path("risks/<int:pk>/task/", risks.risk_task, name="risk_task"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/snapshot/", meetings.meeting_snapshot, name="meeting_snapshot"),
    path("meetings/<int:pk>/decisions/", meetings.meeting_decision, name="meeting_decision"),
    path("checklists/", inspections.checklist_list, name="checklists"),
    path("checklists/new/", inspections.checklist_create, name="checklist_create"),
    path("checklists/standard/", inspections.checklist_install, name="checklist_install"),
    path("checklists/<int:pk>/edit/", inspections.checklist_edit, name="checklist_edit"),
    path("inspections/", inspections.inspection_list, name="inspections"),
    path("inspections/new/", inspections.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection"),
    path(
        "inspections/<int:pk>/results/",
        inspections.inspection_results,
        name="inspection_results",
    ),
    path(
        "inspections/<int:pk>/items/<int:item>/task/",
        inspections.inspection_item_task,
        name="inspection_item_task",
    ),
]
