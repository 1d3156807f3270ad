"""Event-scoped lookups: another event's object is 404, exactly like one that does not exist."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from garrison.accounts.models import User
from garrison.accreditation.models import BadgeJob, Category, ImportBatch, Person
from garrison.events.models import Event


def access_category_by_id(user: User, event: Event, category_id: int) -> Category:
    return get_object_or_404(Category, pk=category_id, event=event, event__memberships__user=user)


def access_person_by_id(user: User, event: Event, person_id: int) -> Person:
    return get_object_or_404(
        Person.objects.select_related("category"),
        pk=person_id,
        event=event,
        event__memberships__user=user,
    )


def access_import_by_id(user: User, event: Event, batch_id: int) -> ImportBatch:
    return get_object_or_404(ImportBatch, pk=batch_id, event=event, event__memberships__user=user)


def access_badge_job_by_id(user: User, event: Event, job_id: int) -> BadgeJob:
    return get_object_or_404(
        BadgeJob.objects.defer("pdf"), pk=job_id, event=event, event__memberships__user=user
    )
