/* Starts Swagger UI on /api/v1/docs. A file of its own because the CSP forbids inline scripts. */
(function () {
  "use strict";

  function start() {
    var root = document.getElementById("swagger-ui");
    if (!root || typeof window.SwaggerUIBundle !== "function") {
      return;
    }
    window.SwaggerUIBundle({
      url: root.getAttribute("data-spec-url"),
      domNode: root,
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: "BaseLayout",
      deepLinking: true,
      docExpansion: "list",
      defaultModelsExpandDepth: 0,
      // The hall runs without the internet: never ask the public validator about the spec.
      validatorUrl: null,
      // "Try it out" only for reads, so the reference page cannot issue tickets or change cases.
      supportedSubmitMethods: ["get"]
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
