"""The audit log names people by id ("person #12"); its pages link to the person's own page for
as long as the person is there, so a commander can still see who it was."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, Role, User
from garrison.accreditation.models import Category
from garrison.accreditation.people import services as people
from garrison.accreditation.people.services import PersonData
from garrison.audit.models import Entry
from garrison.events.models import Event

ClientFor = Callable[[User], Client]


def test_the_log_links_a_pseudonym_to_the_person_while_they_are_there(
    event: Event, members: dict[str, User], client_for: ClientFor
) -> None:
    officer = Membership.objects.get(user=members[Role.ACCREDITATION_OFFICER], event=event)
    category = Category.objects.create(event=event, code="DEL", name="Delegate")
    staying = people.create_person(officer, PersonData("Đỗ Thị Hạnh", category.pk))
    leaving = people.create_person(officer, PersonData("Vũ Văn Long", category.pk))
    people.delete_person(officer, leaving)
    boss = client_for(members[Role.COMMANDER])

    page = boss.get(reverse("audit:list", kwargs={"event": event.slug}))
    assert page.status_code == 200
    html = page.content.decode()
    person_page = reverse(
        "accreditation:person_edit", kwargs={"event": event.slug, "pk": staying.pk}
    )
    assert f'<a href="{person_page}">person #{staying.pk}</a>' in html
    assert f"person #{leaving.pk}" in html and "Vũ Văn Long" not in html
    assert "Đỗ Thị Hạnh" not in html
    assert boss.get(person_page).status_code == 200  # the commander may follow it

    created = Entry.objects.get(action="accreditation.person.created", object_id=str(staying.pk))
    detail = boss.get(reverse("audit:detail", kwargs={"event": event.slug, "entry_id": created.pk}))
    assert detail.status_code == 200 and detail.context["object_url"] == person_page
    gone = Entry.objects.get(action="accreditation.person.deleted")
    detail = boss.get(reverse("audit:detail", kwargs={"event": event.slug, "entry_id": gone.pk}))
    assert detail.status_code == 200 and detail.context["object_url"] is None
