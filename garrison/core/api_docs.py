"""The API docs page (/api/v1/docs): Swagger UI served from our own static files.

django-ninja's default page loads Swagger UI from a CDN, which the content security policy
refuses (scripts only from our origin; docs/security.md #20), so the page stayed blank. Here the UI
comes from the npm package ``swagger-ui-dist`` (copied to static/vendor by scripts/assets.mjs)
and starts from a script file, not an inline script.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI


class LocalSwagger(Swagger):
    template = "core/api_docs.html"
    default_settings = {
        "layout": "BaseLayout",
        "deepLinking": True,
        # No call to the public validator service: nothing leaves Garrison's origin.
        "validatorUrl": None,
    }

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, {"swagger_settings": settings, "api": api})
