"""Every read of scripts and drills, scoped to the event (another event's answer 404)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from garrison.accounts.access import membership_for
from garrison.accounts.models import User
from garrison.drills.models import Drill, DrillScript, Inject, ScriptImport
from garrison.events.models import Event


def _member(user: User, event: Event) -> None:
    if membership_for(user, event) is None:
        raise Http404


def event_scripts(event: Event) -> QuerySet[DrillScript]:
    return DrillScript.objects.filter(event=event)


def event_drills(event: Event) -> QuerySet[Drill]:
    return Drill.objects.filter(event=event).select_related("script")


def access_script_by_id(user: User, event: Event, script_id: int) -> DrillScript:
    _member(user, event)
    script = event_scripts(event).filter(pk=script_id).first()
    if script is None:
        raise Http404
    return script


def access_inject_by_id(user: User, event: Event, inject_id: int) -> Inject:
    _member(user, event)
    inject = (
        Inject.objects.filter(pk=inject_id, script__event=event).select_related("script").first()
    )
    if inject is None:
        raise Http404
    return inject


def access_drill_by_id(user: User, event: Event, drill_id: int) -> Drill:
    _member(user, event)
    drill = event_drills(event).filter(pk=drill_id).first()
    if drill is None:
        raise Http404
    return drill


def access_import_by_id(user: User, event: Event, import_id: int) -> ScriptImport:
    _member(user, event)
    batch = (
        ScriptImport.objects.filter(pk=import_id, script__event=event)
        .select_related("script")
        .first()
    )
    if batch is None:
        raise Http404
    return batch
