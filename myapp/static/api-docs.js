/* Render /api/docs with Swagger UI (vendored) from the page's OpenAPI document. */
window.addEventListener("DOMContentLoaded", function () {
  var target = document.getElementById("api-reference");
  if (!target || typeof window.SwaggerUIBundle !== "function") {
    return; // keep the plain list of operations
  }
  window.SwaggerUIBundle({
    url: target.dataset.specUrl,
    domNode: target,
    deepLinking: true,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    validatorUrl: null, // never call out to the public validator
    tryItOutEnabled: false,
  });
});
