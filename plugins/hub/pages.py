"""The hub's own pages: catalogue, glossary, audiences, listings per type and tags.

Runs after Pelican's article and page generators: it builds the cross-references once
(`xrefs.build`), shares them with every template as `hub`, then writes the pages that
gather content across types.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pelican.generators import Generator

from . import xrefs
from .model import TYPES_BY_ID
from .state import hub_settings_of

AUDIENCE_URL = "publics/{slug}/"
TAG_URL = "mots-cles/{slug}/"


@dataclass(frozen=True)
class Listing:
    """A page listing every published item of one type."""

    type_id: str
    url: str
    title: str
    intro: str


LISTINGS = (
    Listing("story", "histoires/", "Histoires d'usage",
            "Des équipes racontent comment elles utilisent un service au quotidien."),
    Listing("constraint", "contraintes/", "Contraintes expliquées",
            "Pourquoi certaines choses ne sont pas permises, et quoi utiliser à la place."),
    Listing("news", "actualites/", "Actualités",
            "Nouveaux services, évolutions, fins de service et incidents."),
    Listing("edition", "editions/", "La lettre de la DSI",
            "Chaque édition rassemble ce qui a été publié depuis la précédente."),
)


def save_as(url: str) -> str:
    return url + "index.html" if url.endswith("/") else url


class HubPagesGenerator(Generator):
    """Builds the cross-references and writes the pages that span content types."""

    def generate_context(self) -> None:
        context = self.context
        contents = [
            *context.get("articles", []),
            *context.get("hidden_articles", []),
            *context.get("pages", []),
            *context.get("hidden_pages", []),
        ]
        settings = hub_settings_of(self.settings)
        hub = xrefs.build(contents, settings, AUDIENCE_URL)
        hidden = {id(c) for c in [*context.get("hidden_articles", []), *context.get("hidden_pages", [])]}
        hub.listed = lambda items: [i for i in items if id(i) not in hidden]  # type: ignore[attr-defined]
        context["hub"] = hub
        context["hub_listings"] = LISTINGS
        context["hub_settings"] = settings
        context["plain_pages"] = [p for p in context.get("pages", []) if p.hub_type == "page"]
        self.tags = self._tags(contents, hidden)
        context["hub_tags"] = self.tags

    def _tags(self, contents: list[Any], hidden: set[int]) -> list[tuple[Any, list[Any]]]:
        tags: dict[Any, list[Any]] = {}
        for item in contents:
            if id(item) in hidden:
                continue
            for tag in getattr(item, "tags", []) or []:
                tags.setdefault(tag, []).append(item)
        return sorted(tags.items(), key=lambda kv: xrefs.sort_key(kv[0].name))

    def generate_output(self, writer: Any) -> None:
        hub = self.context["hub"]
        write = writer.write_file
        common = {"relative_urls": self.settings["RELATIVE_URLS"]}
        write(save_as("services/"), self.get_template("catalogue"), self.context,
              page_name="services/index", url="services/", **common)
        write(save_as("glossaire/"), self.get_template("glossary"), self.context,
              page_name="glossaire/index", url="glossaire/", **common)
        write(save_as("publics/"), self.get_template("audiences"), self.context,
              page_name="publics/index", url="publics/", **common)
        for audience in hub.audiences:
            write(save_as(audience.url), self.get_template("audience"), self.context,
                  audience=audience, page_name=audience.url + "index", url=audience.url,
                  **common)
        for listing in LISTINGS:
            items = hub.listed(hub.items(listing.type_id))
            write(save_as(listing.url), self.get_template("listing"), self.context,
                  listing=listing, items=items, ctype=TYPES_BY_ID[listing.type_id],
                  page_name=listing.url + "index", url=listing.url, **common)
        write(save_as("mots-cles/"), self.get_template("tags"), self.context,
              page_name="mots-cles/index", url="mots-cles/", **common)
        for tag, items in self.tags:
            url = TAG_URL.format(slug=tag.slug)
            write(save_as(url), self.get_template("tag"), self.context, tag=tag,
                  items=items, page_name=url + "index", url=url, **common)
