// Run only by browsers without JavaScript modules (<script nomodule>), which cannot run the
// app: say so in the page's language instead of "Loading…" forever. A file, not an inline
// script, so the site's Content-Security-Policy allows it.
var loading = document.getElementById("app-loading");
loading.textContent = loading.getAttribute("data-too-old");
