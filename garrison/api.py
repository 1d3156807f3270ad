"""The HTTP API under /api/v1/ (django-ninja): one router per domain app.

Every error answers with the same body, ``{code, message, field?}``: see garrison/core/api_errors.py.
"""

from __future__ import annotations

import copy
from typing import Any

from django.utils.translation import get_language
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from garrison.accounts.api_auth import device_router
from garrison.checkin.api import router as checkin_router
from garrison.checkin.scanner.api import router as checkin_scanner_router
from garrison.command.api import router as command_router
from garrison.core import api_errors
from garrison.core.api_docs import LocalSwagger
from garrison.drills.api import router as drills_router
from garrison.events.api import router as events_router
from garrison.forces.api import router as forces_router
from garrison.ops.api import router as ops_router
from garrison.patrols.api import router as patrols_router
from garrison.readiness.api import router as readiness_router
from garrison.sensors.api import router as sensors_router
from garrison.traffic.api import router as traffic_router


class GarrisonAPI(NinjaAPI):
    """The schema is built once per process and language: the routers are fixed when this module
    is imported, and building it walks every operation's models through pydantic (~0.3 s, which
    every request of /api/v1/openapi.json and of the docs page used to pay)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        key = (path_prefix, tuple(sorted((path_params or {}).items())), get_language())
        schemas: dict[tuple[Any, ...], OpenAPISchema] = self.__dict__.setdefault("_schemas", {})
        if key not in schemas:
            schemas[key] = super().get_openapi_schema(
                path_prefix=path_prefix, path_params=path_params
            )
        return copy.deepcopy(schemas[key])  # a caller may change its copy, never the next one's


api = GarrisonAPI(
    title="Garrison API",
    version="1",
    description=(
        "Members call with their browser session (cookie and CSRF token); scanner devices with "
        "`Authorization: Bearer <token>` and only on check-in endpoints; counting devices with "
        "their own bearer token and only on the sensors' counts endpoint. Errors are "
        "`{code, message, field?}`."
    ),
    urls_namespace="api",
    docs=LocalSwagger(),  # from our static files: the CSP refuses the default CDN page
    docs_url="/docs",
    openapi_url="/openapi.json",
)

api.add_router("/checkin/", checkin_router)  # first: URLs resolve in order, scans are the hot path
api.add_router("/events/", events_router)
api.add_router("/devices/", device_router)
api.add_router("/checkin/scanner/", checkin_scanner_router)
api.add_router("/forces/", forces_router)
api.add_router("/ops/", ops_router)
api.add_router("/patrols/", patrols_router)
api.add_router("/traffic/", traffic_router)
api.add_router("/sensors/", sensors_router)
api.add_router("/readiness/", readiness_router)
api.add_router("/drills/", drills_router)
api.add_router("/command/", command_router)

api_errors.install(api)
