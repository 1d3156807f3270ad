"""Screens of the posts: the list, and planners creating, editing and deleting them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import confirm_delete, render_form
from garrison.forces.access import access_post_by_id
from garrison.forces.models import Post
from garrison.forces.posts import services
from garrison.forces.posts.forms import PostForm
from garrison.forces.roles import PLANNERS

POST_FORM = "forces/roster_post_form.html"


@event_view()
@require_GET
def post_list(request: EventRequest) -> HttpResponse:
    rows = Post.objects.filter(event=request.event).select_related("site", "zone")
    rows = rows.prefetch_related("windows", "skills__qualification")
    return render(
        request,
        "forces/roster_posts.html",
        {"posts": rows, "can_plan": request.membership.role in PLANNERS},
    )


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def post_create(request: EventRequest) -> HttpResponse:
    membership = request.membership
    if request.method != "POST":
        return render_form(request, POST_FORM, PostForm(membership))
    form = PostForm(membership, request.POST)
    if not form.is_valid():
        return render_form(request, POST_FORM, form)
    try:
        post = services.save_post(membership, form.to_data())
    except DomainError as error:
        return render_form(request, POST_FORM, form, error=error)
    messages.success(request, _("Post “%(name)s” has been saved.") % {"name": post.name})
    return redirect("forces:posts", event=request.event.slug)


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def post_edit(request: EventRequest, pk: int) -> HttpResponse:
    post = access_post_by_id(request.user, request.event, pk)
    membership, context = request.membership, {"post": post}
    if request.method != "POST":
        form = PostForm(membership, initial=PostForm.initial_for(post))
        return render_form(request, POST_FORM, form, context)
    form = PostForm(membership, request.POST)
    if not form.is_valid():
        return render_form(request, POST_FORM, form, context)
    try:
        services.save_post(membership, form.to_data(), post)
    except DomainError as error:
        return render_form(request, POST_FORM, form, context, error=error)
    messages.success(request, _("Post “%(name)s” has been saved.") % {"name": post.name})
    return redirect("forces:posts", event=request.event.slug)


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def post_delete(request: EventRequest, pk: int) -> HttpResponse:
    post = access_post_by_id(request.user, request.event, pk)
    if request.method != "POST":
        question = _("Delete post “%(name)s” and its shifts?") % {"name": post.name}
        return confirm_delete(request, question, "forces:posts")
    services.delete_post(request.membership, post)
    messages.success(request, _("The post has been deleted."))
    return redirect("forces:posts", event=request.event.slug)
