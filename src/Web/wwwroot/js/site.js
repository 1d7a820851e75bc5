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

