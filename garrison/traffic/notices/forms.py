"""The notice form: a draft's text in both languages and the closures it announces."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.events.models import Event
from garrison.traffic.models import Closure


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("Title (Vietnamese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Text (Vietnamese)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body_en = forms.CharField(
        label=_("Text (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    closures = forms.ModelMultipleChoiceField(
        label=_("Closures"), queryset=Closure.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, event: Event, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["closures"]
        field.queryset = Closure.objects.filter(event=event)  # type: ignore[attr-defined]
        tz = event.tzinfo

        def label(closure: Closure) -> str:
            start, end = closure.starts_at.astimezone(tz), closure.ends_at.astimezone(tz)
            return f"{closure} · {start:%d/%m %H:%M}–{end:%H:%M}"

        field.label_from_instance = label  # type: ignore[attr-defined]
