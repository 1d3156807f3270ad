// Starts Swagger UI on the API docs page (core/api_docs.html). A file, not an inline script:
// the content security policy allows scripts from our own origin only.
(function () {
  "use strict";
  const settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  const csrfToken = document.body.dataset.csrfToken;
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis];
  // A member's session calls need the CSRF token on unsafe methods, as htmx sends it.
  settings.requestInterceptor = function (request) {
    if (csrfToken && !/^(GET|HEAD|OPTIONS)$/i.test(request.method || "GET")) {
      request.headers["X-CSRFToken"] = csrfToken;
    }
    return request;
  };
  SwaggerUIBundle(settings);
})();
