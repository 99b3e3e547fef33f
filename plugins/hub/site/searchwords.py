"""What the search index holds beside the text a reader reads, and how much a page weighs.

Each indexed page carries, as Pagefind metadata (searched, never shown):
  keywords   the item's `Keywords` (consumer tools, everyday words, old names) and the
             labels of its life cycle, kind or reason (« Incident », « En fin de vie »), which
             the page shows as badges that are not indexed; or the words people use for one
             of the hub's own pages (`HUB_PAGE_WORDS`);
  synonyms   the forms of the glossary terms its title names: a term's title, aliases and
             plain words (`Prefer`), so that « MFA » finds the sheet titled « Authentification
             forte » when the glossary says they are one thing;
  rank       a factor the search page multiplies Pagefind's score by: a service sheet
             before the news about it and before the glossary term its title names,
             retired services and expired news last.
Templates read them through `hub_search_words` (`SearchWords.of`, `SearchWords.page`);
the search page (`theme/static/js/search.js`) reads `rank`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hub.addresses import CATALOGUE, GLOSSARY, SUBSCRIBE
from hub.model import CONSTRAINT, EDITION, LABELS, LIVE_LIFECYCLES, NEWS, PAGE, SERVICE, STORY, TERM

# The words employees type for the hub's own pages (their text alone does not hold them).
HUB_PAGE_WORDS: dict[str, tuple[str, ...]] = {
    SUBSCRIBE.url(): ("s'abonner", "abonnement", "flux", "RSS", "Atom", "lettre",
                      "newsletter", "Outlook", "agenda", "calendrier", "e-mail", "alerte"),
    CATALOGUE.url(): ("catalogue", "services", "liste des services", "outils",
                      "applications", "logiciels", "offre"),
    GLOSSARY.url(): ("glossaire", "lexique", "vocabulaire", "jargon", "définitions",
                     "sigles", "acronymes"),
}

# Score factors by content type: what a reader most likely wants first for the same words.
TYPE_RANK: dict[str, float] = {
    SERVICE.id: 1.6, TERM.id: 1.4, CONSTRAINT.id: 1.3, PAGE.id: 1.0,
    STORY.id: 0.7, NEWS.id: 0.7, EDITION.id: 0.6,
}
PAST_RANK = 0.2  # a retired service, an expired announcement
NAMED_TERM_RANK = 0.6  # a term that names a service: the sheet comes first for its words
RETIRING_RANK = 1.0
HUB_PAGE_RANK = 1.0


@dataclass(frozen=True)
class ItemWords:
    keywords: str
    synonyms: str
    rank: str


def _joined(words: Iterable[str]) -> str:
    return ", ".join(dict.fromkeys(w.strip() for w in words if w and w.strip()))


def rank_of(item: Any) -> float:
    """The score factor of an item (see `TYPE_RANK`)."""
    lifecycle = getattr(item, "lifecycle", None)
    if getattr(item, "expired", False) or lifecycle == "retired":
        return PAST_RANK
    if lifecycle and lifecycle not in LIVE_LIFECYCLES:
        return RETIRING_RANK
    return TYPE_RANK.get(getattr(item, "hub_type", ""), 1.0)


class SearchWords:
    """The search metadata of every page, from the site's glossary (`hub.glossary`)."""

    def __init__(self, hub: Any) -> None:
        self.glossary = hub.glossary
        self.term_pages = {t.slug: t for t in hub.terms}
        self.named_by_services = {term.slug for service in hub.services
                                  for term in self.glossary.terms_in(str(service.title))}

    def rank(self, item: Any) -> float:
        if (getattr(item, "hub_type", None) == TERM.id
                and item.slug in self.named_by_services):
            return NAMED_TERM_RANK
        return rank_of(item)

    def _forms(self, slug: str) -> list[str]:
        """A term's title, aliases and plain words."""
        page = self.term_pages.get(slug)
        if page is None:
            return []
        prefer = str(getattr(page, "prefer", "") or "").split(",")
        return [str(page.title), *(getattr(page, "aliases", None) or ()), *prefer]

    def synonyms(self, item: Any) -> list[str]:
        """The forms of every term the item's title names (a term page: its own)."""
        slugs = [t.slug for t in self.glossary.terms_in(str(getattr(item, "title", "")))]
        if getattr(item, "hub_type", None) == TERM.id:
            slugs.insert(0, item.slug)
        return [form for slug in dict.fromkeys(slugs) for form in self._forms(slug)]

    def of(self, item: Any) -> ItemWords:
        labels = (getattr(item, f"{key}_label", "") for key in LABELS)
        return ItemWords(_joined([*(getattr(item, "keywords", None) or ()), *labels]),
                         _joined(self.synonyms(item)), f"{self.rank(item):g}")

    @staticmethod
    def page(url: str) -> ItemWords:
        """The words of one of the hub's own pages, by its address."""
        return ItemWords(_joined(HUB_PAGE_WORDS.get(url, ())), "", f"{HUB_PAGE_RANK:g}")
