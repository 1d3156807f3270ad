"""The public tip form: what a resident types, turned into the service's ``TipData``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from garrison.events.models import Event
from garrison.ops.models import IncidentType
from garrison.ops.photos.services import read_upload
from garrison.ops.tips import services as tips


class TipForm(forms.Form):
    kind = forms.ChoiceField(label=_("What kind of problem?"), required=False)
    what = forms.CharField(
        label=_("What is happening?"),
        max_length=tips.TIP_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": tips.TIP_TEXT_MAX}),
    )
    where = forms.CharField(
        label=_("Where?"),
        max_length=300,
        required=False,
        help_text=_("A street, a building, a gate, a landmark."),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput(attrs={"data-tip-lat": ""}))
    lon = forms.FloatField(required=False, widget=forms.HiddenInput(attrs={"data-tip-lon": ""}))
    contact = forms.CharField(
        label=_("Your phone or e-mail"),
        max_length=tips.CONTACT_MAX,
        required=False,
        help_text=_("Only if you want us to be able to call you back."),
    )
    photo = forms.FileField(
        label=_("A photo"),
        required=False,
        help_text=_("JPEG or PNG, up to 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    # A trap for robots: hidden from people by CSS, left empty by them.
    website = forms.CharField(
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Not optional, though the field itself may stay empty: the service wants either these
        # words or a point picked on the map, so the label says so instead of "(optional)".
        setattr(self.fields["where"], "label_note", _("a few words, or a point on the map"))  # noqa: B010
        kinds = IncidentType.objects.filter(event=event, active=True)
        self.fields["kind"].choices = [("", "—")] + [(k.code, k.label) for k in kinds]  # type: ignore[attr-defined]

    def to_data(self) -> tips.TipData:
        d = self.cleaned_data
        return tips.TipData(
            what=d["what"],
            where=d["where"],
            lat=d["lat"],
            lon=d["lon"],
            type_code=d["kind"],
            contact=d["contact"],
            **_photo_fields(d.get("photo")),
        )


def _photo_fields(upload: UploadedFile[bytes] | None) -> dict[str, Any]:
    if upload is None:
        return {}
    data, name = read_upload(upload)
    return {"photo": data, "photo_name": name}
