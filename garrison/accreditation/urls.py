from __future__ import annotations

from django.urls import path

from garrison.accreditation import views, views_credentials, views_people

app_name = "accreditation"

urlpatterns = [
    path("categories/", views.category_list, name="categories"),
    path("categories/new/", views.category_create, name="category_create"),
    path("categories/<int:pk>/", views.category_edit, name="category_edit"),
    path("categories/<int:pk>/delete/", views.category_delete, name="category_delete"),
    path("matrix/", views.matrix, name="matrix"),
    path("matrix/<int:category>/<int:zone>/", views.matrix_cell, name="matrix_cell"),
    path("people/", views_people.person_list, name="people"),
    path("people/new/", views_people.person_create, name="person_create"),
    path("people/<int:pk>/", views_people.person_edit, name="person_edit"),
    path("people/<int:pk>/delete/", views_people.person_delete, name="person_delete"),
    path("people/<int:pk>/photo/", views_people.person_photo, name="person_photo"),
    path("people/<int:pk>/photo/upload/", views_people.person_photo_upload, name="photo_upload"),
    path("people/<int:pk>/rights/", views_people.person_grant, name="person_grant"),
    path("people/<int:pk>/badge/", views_credentials.credential_action, name="credential_action"),
    path("people/<int:pk>/badge/qr.svg", views_credentials.credential_qr, name="credential_qr"),
    path("people/<int:pk>/badge.pdf", views_credentials.badge_pdf, name="badge_pdf"),
    path("badges/", views_credentials.badge_batch, name="badges"),
    path("badges/batches/", views_credentials.badge_job_start, name="badge_job_start"),
    path("badges/batches/<int:pk>/", views_credentials.badge_job, name="badge_job"),
    path(
        "badges/batches/<int:pk>/progress/",
        views_credentials.badge_job_progress,
        name="badge_job_progress",
    ),
    path(
        "badges/batches/<int:pk>/badges.pdf", views_credentials.badge_job_pdf, name="badge_job_pdf"
    ),
    path("badges/issue/", views_credentials.badge_issue_missing, name="badge_issue_missing"),
    path("keys/rotate/", views_credentials.key_rotate, name="key_rotate"),
    path("import/", views_people.import_upload, name="import_upload"),
    path("import/<int:pk>/", views_people.import_preview, name="import_preview"),
]
