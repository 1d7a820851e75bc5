// Progressive enhancement only: pages work without this file.
// Subscribe forms send the browser's time zone, so the digest arrives at 08:00 local time by default.
(function () {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone) { return; }
    document.querySelectorAll('input[data-browser-timezone]').forEach(function (input) {
        if (!input.value) { input.value = zone; }
    });
})();

// Thumbnails come from Hugging Face; when they cannot load (offline instance, removed image), drop the empty box.
(function () {
    document.querySelectorAll('img.thumb').forEach(function (img) {
        if (img.complete && img.naturalWidth === 0) { img.remove(); return; }
        img.addEventListener('error', function () { img.remove(); });
    });
})();
