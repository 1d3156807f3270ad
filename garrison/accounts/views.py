"""Logging in and out: password, then TOTP for those who need it (docs/security.md #6, #7, #8); and
the start page every login lands on."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from garrison.accounts import mfa, services
from garrison.accounts.access import events_of
from garrison.accounts.forms import CodeForm, LoginForm
from garrison.accounts.models import User


def safe_next(request: HttpRequest) -> str:
    """Where to go after logging in: the ``next`` parameter if it stays on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _after_password(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    if not mfa.requires_second_factor(user):
        return redirect(next_url)
    if mfa.confirmed_device(user) is None:
        return redirect(_with_next("accounts:otp_setup", next_url))
    return redirect(_with_next("accounts:otp", next_url))


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    if request.method == "POST":
        # ``request`` goes to the form so authenticate() passes it to django-axes, which counts
        # failures per username and address and locks out after AXES_FAILURE_LIMIT.
        form = LoginForm(request, data=request.POST)
        if form.is_valid():
            user = form.get_user()
            # login() gives the session a new key (no session fixation) and keeps its data.
            auth_login(request, user)
            return _after_password(request, user, next_url)
    else:
        form = LoginForm(request)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "accounts/login.html", {"form": form, "next": next_url}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    # POST only: a link or an <img> on another page must not be able to log anyone out.
    auth_logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


def _code_error(verdict: services.Verdict) -> str:
    if verdict.wait_seconds:
        return ngettext(
            "Too many wrong codes. Try again in %(n)d second.",
            "Too many wrong codes. Try again in %(n)d seconds.",
            verdict.wait_seconds,
        ) % {"n": verdict.wait_seconds}
    return _("This code is not right. Check the time on your phone and try the newest code.")


@login_required
@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def otp_view(request: HttpRequest) -> HttpResponse:
    """Second step of the login: the code from the user's authenticator app."""
    next_url = safe_next(request)
    user: User = request.user  # type: ignore[assignment]
    if mfa.is_verified(request):
        return redirect(next_url)
    device = mfa.confirmed_device(user)
    if device is None:
        # The event decorator sends every unverified MFA user here; those without an
        # authenticator yet must set one up first.
        return redirect(_with_next("accounts:otp_setup", next_url))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        verdict = services.check_code(request, device, form.cleaned_data["code"])
        if verdict.ok:
            mfa.mark_verified(request, device)
            return redirect(next_url)
        form.add_error("code", _code_error(verdict))
        status = 429 if verdict.wait_seconds else 400
    elif form.is_bound and form.errors:
        status = 400
    return render(request, "accounts/otp.html", {"form": form, "next": next_url}, status=status)


@login_required
@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def otp_setup_view(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator: show the secret (text and QR), confirm it with one code."""
    next_url = safe_next(request)
    user: User = request.user  # type: ignore[assignment]
    if mfa.confirmed_device(user) is not None:
        # Adding a second authenticator here would let whoever knows the password replace the
        # second factor; that takes a commander or an administrator.
        if mfa.is_verified(request):
            return redirect(next_url)
        return redirect(_with_next("accounts:otp", next_url))
    device = services.pending_device(user)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        verdict = services.check_code(request, device, form.cleaned_data["code"])
        if verdict.ok:
            services.confirm_device(request, device)
            return redirect(next_url)
        form.add_error("code", _code_error(verdict))
        status = 429 if verdict.wait_seconds else 400
    elif form.is_bound and form.errors:
        status = 400
    context = {
        "form": form,
        "next": next_url,
        "secret": mfa.secret_text(device),
        "qr": mfa.qr_data_uri(device),
    }
    return render(request, "accounts/otp_setup.html", context, status=status)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The start page: straight to the chosen (or only) event, else the list of one's events.

    A session that still owes its second factor goes to the code page first: the list, and even
    a redirect to the only event's address, would name the person's events.
    """
    if mfa.owes_second_factor(request.user, request.session):
        return redirect(_with_next("accounts:otp", request.get_full_path()))
    mine = events_of(request.user)  # type: ignore[arg-type]
    wanted = request.GET.get("event", "")
    for event, _membership in mine:
        if event.slug == wanted:
            return redirect("events:dashboard", event=event.slug)
    if len(mine) == 1:
        return redirect("events:dashboard", event=mine[0][0].slug)
    return render(request, "accounts/home.html")


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
    *args: Any,
    **kwargs: Any,
) -> HttpResponse:
    """django-axes calls this (AXES_LOCKOUT_CALLABLE) for every attempt while locked out."""
    minutes = max(1, round(float(settings.AXES_COOLOFF_TIME) * 60))
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
