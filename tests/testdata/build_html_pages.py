"""Builds the test pages in hf-papers-html/ (see BUILT-PAGES.md): no captured copy of these pages
exists, so they are built from the real recorded fixtures, in the structure the public scrapers and arXiv's own
templates document. Run from the repository root: python3 tests/testdata/build_html_pages.py"""
import html
import json

SAMPLES = "samples/hf-daily-papers"
OUT_HF = "tests/testdata/hf-papers-html"


def esc(text):
    return html.escape(text, quote=True)


def props(value):
    return esc(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def hf_page(title, daily_props):
    papers = daily_props["dailyPapers"]
    cards = "\n".join(
        f'<article class="relative flex flex-col overflow-hidden rounded-xl border"><a href="/papers/{esc(p["paper"]["id"])}" class="block"><img src="{esc(p.get("thumbnail", ""))}" alt="" loading="lazy"></a>'
        f'<div class="px-3 py-2"><h3 class="mb-1 text-lg font-semibold"><a href="/papers/{esc(p["paper"]["id"])}" class="line-clamp-3 cursor-pointer text-balance">{esc(p["title"])}</a></h3>'
        f'<div class="leading-none">{p["paper"].get("upvotes", 0)}</div></div></article>'
        for p in papers[:3])
    return f"""<!doctype html>
<html class="">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0, user-scalable=no">
<meta property="og:title" content="{esc(title)}">
<title>{esc(title)}</title>
<link rel="stylesheet" href="/front/build/kube-1/style.css">
<script>window.hubConfig = {{"features":{{"signupDisabled":false}},"sshGitUrl":"git@hf.co"}};</script>
</head>
<body class="flex flex-col min-h-dvh bg-white dark:bg-gray-950 text-black DailyPapersPage">
<div class="flex min-h-dvh flex-col">
<div class="SVELTE_HYDRATER contents" data-target="SystemThemeMonitor" data-props="{props({"isLoggedIn": False})}"></div>
<div class="SVELTE_HYDRATER contents" data-target="MainHeader" data-props="{props({"classNames": "", "isWide": False, "isZh": False, "isPro": False})}"><header class="border-b border-gray-100"><nav aria-label="Main"><a href="/models">Models</a> <a href="/datasets">Datasets</a> <a href="/spaces">Spaces</a> <a href="/papers">Papers</a></nav></header></div>
<main class="flex flex-1 flex-col">
<div class="SVELTE_HYDRATER contents" data-target="DailyPapers" data-props="{props(daily_props)}"><section class="container"><h1 class="text-2xl font-bold">Daily Papers</h1><div class="grid grid-cols-1 gap-5 lg:grid-cols-2">
{cards}
</div></section></div>
</main>
<div class="SVELTE_HYDRATER contents" data-target="Footer" data-props="{props({})}"><footer class="border-t"><a href="/terms-of-service">TOS</a> <a href="/privacy">Privacy</a></footer></div>
</div>
<script defer src="/front/build/kube-1/index.js"></script>
</body>
</html>
"""


def sample(day):
    with open(f"{SAMPLES}/{day}.json", encoding="utf-8") as f:
        return json.load(f)


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def build_hf():
    write(f"{OUT_HF}/date-2025-03-14.html", hf_page("Daily Papers - Hugging Face", {"periodType": "day", "dateString": "2025-03-14", "dailyPapers": sample("2025-03-14")}))
    # A week page's dateString is the Sunday before the ISO week (2025-W38 runs from Monday 2025-09-15).
    write(f"{OUT_HF}/week-2025-W38.html", hf_page("Daily Papers - Hugging Face", {"periodType": "week", "dateString": "2025-09-14", "dailyPapers": sample("2025-09-16")}))
    write(f"{OUT_HF}/month-2025-06.html", hf_page("Daily Papers - Hugging Face", {"periodType": "month", "dateString": "2025-06-01", "dailyPapers": sample("2025-06-17")}))
    # Trending mixes papers featured on different days; only dailyPapers is documented for it.
    write(f"{OUT_HF}/trending.html", hf_page("Trending Papers - Hugging Face", {"dailyPapers": sample("2026-08-21")[:5] + sample("2025-09-16")[:3]}))


build_hf()
