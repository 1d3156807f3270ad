from __future__ import annotations

from django.urls import path

from garrison.accreditation.badges import views as badge_views
from garrison.accreditation.categories import views as category_views
from garrison.accreditation.credentials import views as credential_views
from garrison.accreditation.imports import views as import_views
from garrison.accreditation.people import views as people_views

app_name = "accreditation"

urlpatterns = [
    path("categories/", category_views.category_list, name="categories"),
    path("categories/new/", category_views.category_create, name="category_create"),
    path("categories/<int:pk>/", category_views.category_edit, name="category_edit"),
    path("categories/<int:pk>/delete/", category_views.category_delete, name="category_delete"),
    path("matrix/", category_views.matrix, name="matrix"),
    path("matrix/<int:category>/<int:zone>/", category_views.matrix_cell, name="matrix_cell"),
    path("people/", people_views.person_list, name="people"),
    path("people/new/", people_views.person_create, name="person_create"),
    path("people/<int:pk>/", people_views.person_edit, name="person_edit"),
    path("people/<int:pk>/delete/", people_views.person_delete, name="person_delete"),
    path("people/<int:pk>/photo/", people_views.person_photo, name="person_photo"),
    path("people/<int:pk>/photo/upload/", people_views.person_photo_upload, name="photo_upload"),
    path("people/<int:pk>/rights/", people_views.person_grant, name="person_grant"),
    path("people/<int:pk>/badge/", credential_views.credential_action, name="credential_action"),
    path("people/<int:pk>/badge/qr.svg", credential_views.credential_qr, name="credential_qr"),
    path("people/<int:pk>/badge.pdf", badge_views.badge_pdf, name="badge_pdf"),
    path("badges/", badge_views.badge_batch, name="badges"),
    path("badges/batches/", badge_views.badge_job_start, name="badge_job_start"),
    path("badges/batches/<int:pk>/", badge_views.badge_job, name="badge_job"),
    path(
        "badges/batches/<int:pk>/progress/",
        badge_views.badge_job_progress,
        name="badge_job_progress",
    ),
    path("badges/batches/<int:pk>/badges.pdf", badge_views.badge_job_pdf, name="badge_job_pdf"),
    path("badges/issue/", badge_views.badge_issue_missing, name="badge_issue_missing"),
    path("keys/rotate/", credential_views.key_rotate, name="key_rotate"),
    path("import/", import_views.import_upload, name="import_upload"),
    path("import/<int:pk>/", import_views.import_preview, name="import_preview"),
    path(
        "import/template-<slug:language>.<slug:fmt>",
        import_views.import_template,
        name="import_template",
    ),
]
