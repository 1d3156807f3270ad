"""Forms: they parse and check input shape only; rules about who may do what live in services.

Each form declares exactly the fields its page offers. Anything else in the POST body (an
``event``, a ``role`` on a form that has none) is never read (docs/security.md #5).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from garrison.accounts.models import Role


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password."),
        "inactive": _("This account is disabled."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )


class RoleUnitForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit_id = forms.IntegerField(
        label=_("Unit"),
        required=False,
        min_value=1,
        help_text=_("The unit's number, for unit commanders and field officers."),
    )


class AddMemberForm(RoleUnitForm):
    username = forms.CharField(label=_("Username"), max_length=150)

    field_order = ["username", "role", "unit_id"]


class CreateMemberForm(RoleUnitForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    password = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ["username", "full_name", "password", "role", "unit_id"]


class DeviceForm(forms.Form):
    name = forms.CharField(label=_("Device name"), max_length=120)
