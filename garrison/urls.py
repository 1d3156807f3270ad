from __future__ import annotations

from django.urls import include, path

from garrison.accounts import views as accounts_views
from garrison.api import api
from garrison.core import js_catalog
from garrison.core import views as core_views

urlpatterns = [
    # First: a scanner calls it at every scan, and each pattern tried before it costs time and
    # leaves garbage for the collector (a not-taken include raises and records what it tried).
    path("api/v1/", api.urls),
    path("", accounts_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("metrics", core_views.metrics_text, name="metrics"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("i18n/catalog.js", js_catalog.JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("garrison.accounts.urls")),
    path("e/<slug:event>/", include("garrison.events.urls")),
    path("e/<slug:event>/audit/", include("garrison.accounts.audit_log.urls")),
    path("e/<slug:event>/traffic/", include("garrison.traffic.urls")),
    path("e/<slug:event>/coverage/", include("garrison.coverage.urls")),
    path("notices/", include("garrison.traffic.urls_public")),
    path("e/<slug:event>/accreditation/", include("garrison.accreditation.urls")),
    path("e/<slug:event>/checkin/", include("garrison.checkin.urls")),
    path("e/<slug:event>/forces/", include("garrison.forces.urls")),
    path("e/<slug:event>/planning/", include("garrison.planning.urls")),
    path("e/<slug:event>/ops/", include("garrison.ops.urls")),
    path("e/<slug:event>/patrols/", include("garrison.patrols.urls")),
    path("e/<slug:event>/sensors/", include("garrison.sensors.urls")),
    path("e/<slug:event>/readiness/", include("garrison.readiness.urls")),
    path("e/<slug:event>/drills/", include("garrison.drills.urls")),
    path("e/<slug:event>/command/", include("garrison.command.urls")),
    path("e/<slug:event>/reports/", include("garrison.reports.urls")),
    path("e/<slug:event>/members/", include("garrison.accounts.urls_event")),
    path("tip/", include("garrison.ops.urls_public")),
    path("scan/", include("garrison.checkin.scanner.urls")),
]

handler400 = "garrison.core.views.bad_request"
handler403 = "garrison.core.views.permission_denied"
handler404 = "garrison.core.views.page_not_found"
handler500 = "garrison.core.views.server_error"
