"""« Signaler une erreur sur cette page »: a link on every content page, with no server
and no JavaScript.

By default a `mailto:` to the page's owner (a service's `Owner`) or to the comms team
(`HUB_COMMS_EMAIL`), its subject naming the page and its body giving the page's address
and the source file with its lines, so that whoever receives it knows what to open.
With `HUB_REPORT_URL` (a ticket tool's "new issue" address with `{title}`, `{url}` and
`{source}` fields) the link opens that tool instead. Every value is percent-encoded
(RFC 6068 for mailto:), so any title survives: « », quotes, &, accents.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from hub.build.state import corpus_for, hub_settings_of
from hub.paths import site_url
from hub.site.typography import NBSP
from hub.source.corpus import Corpus, Item, published_name

LINK_TEXT = "Signaler une erreur sur cette page"


def subject(title: str) -> str:
    return f"[Hub] Erreur sur «{NBSP}{title}{NBSP}»"


def source_of(corpus: Corpus, item: Item) -> str:
    """`content/services/x.md, lignes 1 à 24`: the file and the lines the page comes from."""
    source = item.source
    last = max([source.body_line + len(source.body.splitlines()) - 1,
                *(e.line for e in source.entries)])
    return f"{published_name(corpus, item)}, lignes 1 à {max(last, 1)}"


def body(title: str, url: str, source: str) -> str:
    return "\r\n".join([
        "Bonjour,", "",
        f"J'ai remarqué une erreur sur la page «{NBSP}{title}{NBSP}» du hub :", url, "",
        "Ce qui est faux ou manque (un prix, un lien, une étape…) :", "", "",
        f"Fichier source : {source}", ""])


def report_href(settings: dict[str, Any], content: Any) -> str:
    """The link's address for one item's page ("" when there is no one to tell)."""
    hub = hub_settings_of(settings)
    rel = str(getattr(content, "relative_source_path", "") or "").replace("\\", "/")
    corpus = corpus_for(settings)
    item = corpus.item_at(rel)
    if item is None:
        return ""
    title = str(item.values.get("title") or item.slug)
    url = site_url(settings, hub.HUB_FEED_SITEURL) + "/" + str(content.url)
    source = source_of(corpus, item)
    if hub.HUB_REPORT_URL:
        return hub.HUB_REPORT_URL.format(
            title=quote(subject(title), safe=""), url=quote(url, safe=""),
            source=quote(source, safe=""))
    to = str(item.values.get("owner") or hub.HUB_COMMS_EMAIL)
    if not to:
        return ""
    return (f"mailto:{quote(to, safe='@')}?subject={quote(subject(title), safe='')}"
            f"&body={quote(body(title, url, source), safe='')}")


FEEDBACK_SUBJECT = "[Hub] Une page ne m'a pas aidé"


def feedback_href(settings: dict[str, Any]) -> str:
    """The « Dire ce qui manquait » link of the thank-you page after « Non », when no
    script tells it which page was meant: a `mailto:` to the comms team ("" if none)."""
    to = hub_settings_of(settings).HUB_COMMS_EMAIL
    if not to:
        return ""
    text = "Bonjour,\r\n\r\nLa page (son adresse) :\r\n\r\nCe qui manquait :\r\n"
    return (f"mailto:{quote(to, safe='@')}?subject={quote(FEEDBACK_SUBJECT, safe='')}"
            f"&body={quote(text, safe='')}")


def add_filter(pelican: Any) -> None:
    """`hub_report`: a template's item → the address of its « Signaler une erreur » link."""
    settings = pelican.settings
    pelican.settings.setdefault("JINJA_FILTERS", {})["hub_report"] = (
        lambda content: report_href(settings, content))
