from __future__ import annotations

from django.urls import path

from garrison.drills.evaluation import views as evaluation
from garrison.drills.improvement import views as improvement
from garrison.drills.running import views as running
from garrison.drills.scripts import views as scripts
from garrison.drills.series import views as series

app_name = "drills"

urlpatterns = [
    path("", scripts.index, name="index"),
    path("compared/", series.drills_compared, name="compare"),
    path("compared/retest/", series.retest, name="retest"),
    path("scripts/new/", scripts.script_create, name="script_create"),
    path("scripts/<int:pk>/", scripts.script_detail, name="script"),
    path("scripts/<int:pk>/edit/", scripts.script_edit, name="script_edit"),
    path("scripts/<int:pk>/copy/", scripts.script_copy, name="script_copy"),
    path("scripts/<int:pk>/injects/new/", scripts.inject_create, name="inject_create"),
    path("scripts/<int:pk>/import/", scripts.script_import, name="script_import"),
    path("scripts/<int:pk>/drills/new/", running.drill_create, name="drill_create"),
    path("injects/<int:pk>/", scripts.inject_edit, name="inject_edit"),
    path("injects/<int:pk>/delete/", scripts.inject_delete, name="inject_delete"),
    path("imports/<int:pk>/", scripts.import_preview, name="import_preview"),
    path("<int:pk>/", running.drill_detail, name="drill"),
    path("<int:pk>/control/", running.drill_control, name="drill_control"),
    path("<int:pk>/releases/<int:release_id>/", running.release_action, name="release_action"),
    path(
        "<int:pk>/contingencies/<int:inject_id>/",
        running.contingency_release,
        name="contingency_release",
    ),
    path("<int:pk>/report/", improvement.drill_report, name="report"),
    path("<int:pk>/report.pdf", improvement.report_pdf, name="report_pdf"),
    path(
        "<int:pk>/corrective-actions/",
        improvement.corrective_action_add,
        name="corrective_action_add",
    ),
    path("<int:pk>/evaluate/", evaluation.evaluate, name="evaluate"),
    path("<int:pk>/observations/", evaluation.observation_add, name="observation_add"),
    path(
        "<int:pk>/objectives/<int:objective_id>/rate/",
        evaluation.objective_rate,
        name="objective_rate",
    ),
]
