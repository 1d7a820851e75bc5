"""Builds the test pages in hf-papers-html/ and arxiv-listing/ (see BUILT-PAGES.md): no captured copy of these pages
exists, so they are built from the real recorded fixtures, in the structure the public scrapers and arXiv's own
templates document. Run from the repository root: python3 tests/testdata/build_html_pages.py"""
import html
import json
import xml.etree.ElementTree as ET

SAMPLES = "samples/hf-daily-papers"
OUT_HF = "tests/testdata/hf-papers-html"
OUT_ARXIV = "tests/testdata/arxiv-listing"


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


CATEGORY_NAMES = {
    "cs.AI": "Artificial Intelligence", "cs.CL": "Computation and Language", "cs.CR": "Cryptography and Security",
    "cs.CV": "Computer Vision and Pattern Recognition", "cs.CY": "Computers and Society", "cs.DB": "Databases",
    "cs.HC": "Human-Computer Interaction", "cs.IR": "Information Retrieval", "cs.LG": "Machine Learning",
    "cs.MM": "Multimedia", "cs.NE": "Neural and Evolutionary Computing", "cs.PL": "Programming Languages",
    "cs.RO": "Robotics", "cs.SD": "Sound", "cs.SI": "Social and Information Networks", "cs.SE": "Software Engineering",
    "eess.AS": "Audio and Speech Processing", "math.MG": "Metric Geometry", "nlin.AO": "Adaptation and Self-Organizing Systems",
    "q-bio.PE": "Populations and Evolution", "cond-mat.str-el": "Strongly Correlated Electrons",
    "cond-mat.stat-mech": "Statistical Mechanics",
}


def arxiv_item(number, paper, note, show_abstract=True):
    """One dt/dd pair as arXiv's list_macros.html item_list writes it."""
    aid = paper["id"]
    authors = ", ".join(f'<a href="/search/{esc(paper["archive"])}?searchtype=author&amp;query={esc(a)}" rel="nofollow">{esc(a)}</a>' for a in paper["authors"])
    cats = paper["categories"]
    subjects = f'<span class="primary-subject">{esc(CATEGORY_NAMES[cats[0]])} ({cats[0]})</span>' + "".join(f"; {esc(CATEGORY_NAMES[c])} ({c})" for c in cats[1:])
    comments = f"""
        <div class='list-comments mathjax'><span class='descriptor'>Comments:</span>
          {esc(paper["comment"])}
        </div>""" if paper.get("comment") else ""
    journal = f"""
        <div class='list-journal-ref'><span class='descriptor'>Journal-ref:</span>
          {esc(paper["journal_ref"])}
        </div>""" if paper.get("journal_ref") else ""
    abstract = f"""
        <p class='mathjax'>
          {paper["abstract_html"]}
        </p>""" if show_abstract else ""
    return f"""    <dt>
      <a name='item{number}'>[{number}]</a>
      <a href ="/abs/{aid}" title="Abstract" id="{aid}">
        arXiv:{aid}
      </a>
      {note}
      [<a href="/pdf/{aid}" title="Download PDF" id="pdf-{aid}" aria-labelledby="pdf-{aid}">pdf</a>, <a href="https://arxiv.org/html/{aid}v1" title="View HTML" id="html-{aid}" aria-labelledby="html-{aid}" rel="noopener noreferrer" target="_blank">html</a>, <a href="/format/{aid}" title="Other formats" id="oth-{aid}" aria-labelledby="oth-{aid}">other</a>]
    </dt>
    <dd>
      <div class='meta'>
        <div class='list-title mathjax'><span class='descriptor'>Title:</span>
          {esc(paper["title"])}
        </div>
        <div class='list-authors'>{authors}</div>{comments}{journal}
        <div class='list-subjects'><span class='descriptor'>Subjects:</span>
          {subjects}
        </div>{abstract}
      </div>
    </dd>
"""


def abstract_html(text):
    """arXiv's abstract_lf_to_br: a line that starts with spaces begins a new paragraph, marked by <br />."""
    import re
    escaped = esc(text.strip("\n"))
    return re.sub(r"\n\n", "\n", re.sub(r"((?<!^)\n +)", "\n<br />", escaped))


def arxiv_page(context_id, context_name, announced, sections):
    index, body, number = [], [], 0
    for heading, items in sections:
        if not items:
            continue
        index.append(f'  <li><a href="#item{number + 1}" rel="nofollow">{heading[0]}</a></li>')
        rows = []
        for paper, note in items:
            number += 1
            rows.append(arxiv_item(number, paper, note))
        body.append(f"<dl id='articles'>\n    <h3>{heading[1]} (showing {len(items)} of {len(items)} entries)</h3>\n" + "".join(rows) + "</dl>\n")
    items_html = "\n".join(body) if body else "    <p>No updates today.</p>\n"
    total = sum(len(items) for _, items in sections)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>  <title>{esc(context_name)}  new submissions</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" type="text/css" media="screen" href="https://static.arxiv.org/static/browse/0.3.4/css/arXiv.css?v=20241206" />
  <script src="//static.arxiv.org/MathJax-2.7.3/MathJax.js"></script>
</head>
<body  class="with-cu-identity">
  <div class="flex-wrap-footer">
    <header>
      <a href="#content" class="is-sr-only">Skip to main content</a>
      <div id="cu-identity"><div id="cu-logo"><a id="cornell-logo" href="https://www.cornell.edu/">Cornell University</a></div></div>
      <div class="column" id="header"><h1 class="header-breadcrumbs"><a href="/">arXiv</a> &gt; <a href="/list/{context_id}/recent">{context_id}</a></h1></div>
    </header>
    <main>
      <div id="content">
<div id='content-inner'>
<div id='dlpage'>
  <h1>{esc(context_name)}</h1>
<ul>
{chr(10).join(index)}
</ul>
<p>See <a id="recent-{context_id}" aria-labelledby="recent-{context_id}" href="/list/{context_id}/recent">recent</a> articles</p>
<h3>Showing new listings for {announced}</h3>
<div class='paging'>Total of {total} entries
</div>
{items_html}
<div class='paging'>Total of {total} entries
</div>
</div>
</div>
      </div>
    </main>
    <footer style="clear: both;">
      <div class="columns is-desktop" role="navigation" aria-label="Secondary"><h3 class="is-sr-only">About arXiv</h3><ul class="nav-spaced"><li><a href="https://info.arxiv.org/about">About</a></li><li><a href="https://info.arxiv.org/help">Help</a></li></ul></div>
    </footer>
  </div>
</body>
</html>
"""


def rss_papers():
    ns = {"arxiv": "http://arxiv.org/schemas/atom", "dc": "http://purl.org/dc/elements/1.1/"}
    channel = ET.parse("tests/testdata/arxiv-rss/2024-11-28_all-archives.rss.xml").getroot().find("channel")
    for item in channel.findall("item"):
        cats = [c.text for c in item.findall("category")]
        if "cs.CL" not in cats:
            continue
        description = item.find("description").text
        journal = item.find("arxiv:journal_reference", ns)
        yield item.find("arxiv:announce_type", ns).text, {
            "id": item.find("link").text.rsplit("/abs/", 1)[1],
            "title": " ".join(item.find("title").text.split()),
            "authors": [a.strip() for a in item.find("dc:creator", ns).text.split(",")],
            "categories": cats,
            "archive": cats[0].split(".")[0],
            "journal_ref": journal.text.strip() if journal is not None else None,
            "abstract_html": abstract_html(description.split("Abstract:", 1)[1].strip()),
        }


def atom_paper(path, wanted, recorded):
    atom, arxiv = "{http://www.w3.org/2005/Atom}", "{http://arxiv.org/schemas/atom}"
    if recorded:
        with open(path, encoding="utf-8") as f:
            root = ET.fromstring(json.load(f)["body"].encode("latin-1").decode("utf-8"))
    else:
        root = ET.parse(path).getroot()
    for entry in root.findall(atom + "entry"):
        if wanted in entry.find(atom + "id").text:
            comment, journal = entry.find(arxiv + "comment"), entry.find(arxiv + "journal_ref")
            cats = [entry.find(arxiv + "primary_category").get("term")] + [c.get("term") for c in entry.findall(atom + "category")]
            cats = list(dict.fromkeys(cats))
            return {
                "id": wanted,
                "title": " ".join(entry.find(atom + "title").text.split()),
                "authors": [a.find(atom + "name").text for a in entry.findall(atom + "author")],
                "categories": cats,
                "archive": cats[0].split(".")[0],
                "comment": " ".join(comment.text.split()) if comment is not None else None,
                "journal_ref": " ".join(journal.text.split()) if journal is not None else None,
                "abstract_html": abstract_html(entry.find(atom + "summary").text),
            }
    raise KeyError(wanted)


def build_arxiv():
    new, cross, replaced = [], [], []
    for kind, paper in rss_papers():
        if kind == "replace":
            replaced.append((paper, "(replaced)"))
        elif paper["categories"][0] == "cs.CL":
            new.append((paper, ""))
        else:
            cross.append((paper, f"(cross-list from {paper['categories'][0]})"))
    write(f"{OUT_ARXIV}/cs.CL-new-2024-11-28.html", arxiv_page("cs.CL", "Computation and Language", "Thursday, 28 November 2024", [
        (("New submissions", "New submissions"), new), (("Cross-lists", "Cross submissions"), cross), (("Replacements", "Replacement submissions"), replaced)]))
    write(f"{OUT_ARXIV}/cs.CL-new-no-updates.html", arxiv_page("cs.CL", "Computation and Language", "Friday, 29 November 2024", []))

    recorded = "tests/testdata/arxiv-api/2026-04-12_query_testing_s0_m10.recorded.json"
    write(f"{OUT_ARXIV}/cs.SE-new-2024-05-23.html", arxiv_page("cs.SE", "Software Engineering", "Thursday, 23 May 2024", [
        (("New submissions", "New submissions"), [(atom_paper(recorded, "2405.13786", True), "")]),
        (("Replacements", "Replacement submissions"), [(atom_paper(recorded, "2204.08348", True), "(replaced)")])]))
    write(f"{OUT_ARXIV}/cond-mat.str-el-new-2006-11-08.html", arxiv_page("cond-mat.str-el", "Strongly Correlated Electrons", "Wednesday, 8 November 2006", [
        (("Replacements", "Replacement submissions"), [(atom_paper("tests/testdata/arxiv-api/2016-10-09_query_au-del_maestro.xml", "cond-mat/0607501", False), "(replaced)")])]))


build_hf()
build_arxiv()
