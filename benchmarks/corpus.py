"""Generate a contract-compliant content folder of any size, deterministic for a seed.

    python benchmarks/corpus.py --items 4500 --seed 1 --out benchmarks/corpora/c4500
    python benchmarks/corpus.py --items 4500 --no-photos --out /tmp/c4500-sans-photos

Sizes used by the benchmarks: 1,125 and 4,500 items (and four times fewer for the growth
figure). Every type of CONTENT_MODEL.md is present (services, stories, constraints, news
with and without dates of events, glossary, editions, pages). Bodies read like the
intranet's: headings, bulleted and numbered lists, tables, links between items with the
short forms, `{filename}` and heading anchors, a few glossary terms in the text. A real
intranet has a few dozen tags, not one per item: the tag pool is fixed (TAG_POOL).
The corpus is meant to check clean (0 findings without proofreading). Photos (one story
in PHOTO_EVERY) can be left out: the cold-build ratio is measured without them, the
images step on its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

# share of the items per type (sums to 1)
SHARES = {"services": 0.09, "stories": 0.35, "constraints": 0.11, "news": 0.31,
          "glossary": 0.09, "editions": 0.02, "pages": 0.03}
AUDIENCES = ("siege", "usines", "agences", "terrain", "managers", "nouveaux")
WORDS = (
    "équipe", "agence", "usine", "poste", "réseau", "messagerie", "agenda", "partage",
    "fichier", "dossier", "client", "devis", "signature", "mobilité", "réunion", "visio",
    "sécurité", "accès", "compte", "support", "ticket", "matériel", "logiciel", "données",
    "sauvegarde", "impression", "badge", "astreinte",
)
# The tags of an intranet: a few dozen themes, shared by many items.
TAG_POOL = (
    "messagerie", "agenda", "visio", "téléphonie", "mobilité", "télétravail", "sécurité",
    "mots de passe", "réseau", "wifi", "impression", "poste de travail", "logiciels",
    "données", "sauvegarde", "partage de fichiers", "intranet", "badge", "accueil",
    "nouveaux arrivants", "formation", "support", "astreinte", "usines", "agences",
    "clients", "devis", "signature", "achats", "budget", "conformité", "rgpd",
    "continuité", "incidents", "maintenance", "innovation",
)
# Glossary titles: acronyms first (they match only in capitals), then plain names.
ACRONYMS = ("VPN", "MFA", "SSO", "SLA", "GED", "CRM", "ERP", "MDM", "PRA", "PCA", "RGPD",
            "SIRH")
TODAY = dt.date(2026, 11, 23)
PHOTO_EVERY = 40  # one story in 40 has a photo
HEADINGS = ("À quoi ça sert", "Pour qui", "Comment l'obtenir", "Besoin d'aide ?")
SITES = ("Siège", "Usine de Lyon", "Agence de Nantes", "Agence de Lille", "Terrain")


@dataclass(frozen=True)
class Plan:
    """How many items of each type, and how many tags (tag pages bring the page count)."""

    counts: dict[str, int]
    tags: int


def plan(items: int) -> Plan:
    counts = {folder: max(2, round(items * share)) for folder, share in SHARES.items()}
    return Plan(counts, tags=min(len(TAG_POOL), max(6, items // 30)))


def sentence(rng: random.Random, n: int = 12) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return (" ".join(words)).capitalize() + "."


def paragraph(rng: random.Random, sentences: int = 4, term: str = "") -> str:
    """A few sentences; with `term`, one of them uses that glossary term."""
    parts = [sentence(rng, rng.randint(8, 16)) for _ in range(sentences)]
    if term:
        parts.insert(rng.randint(0, len(parts)), f"Le {term} {sentence(rng, 6).lower()}")
    return " ".join(parts)


def bullets(rng: random.Random, n: int = 3) -> str:
    return "".join(f"- {sentence(rng, rng.randint(4, 8))}\n" for _ in range(n))


def steps(rng: random.Random, n: int = 4) -> str:
    return "".join(f"{i}. {sentence(rng, rng.randint(5, 9))}\n" for i in range(1, n + 1))


def table(rng: random.Random, columns: tuple[str, ...], rows: int = 3) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for site in rng.sample(SITES, rows):
        cells = [site] + [rng.choice(WORDS) for _ in columns[1:]]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def day(rng: random.Random, back: int = 700) -> dt.date:
    return TODAY - dt.timedelta(days=rng.randint(1, back))


def photo(path: Path, rng: random.Random) -> None:
    """A 2000 x 1333 JPEG photo-like image (gradient, shapes, blur) with EXIF."""
    from PIL import Image, ImageDraw, ImageFilter

    width, height = 2000, 1333
    base = Image.linear_gradient("L").resize((width, height))
    tint = tuple(rng.randint(60, 200) for _ in range(3))
    image = Image.merge("RGB", [base.point(lambda v, t=t: (v * t) // 255) for t in tint])
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randint(0, width), rng.randint(0, height)
        r = rng.randint(40, 300)
        draw.ellipse((x - r, y - r, x + r, y + r),
                     fill=tuple(rng.randint(0, 255) for _ in range(3)))
    image = image.filter(ImageFilter.GaussianBlur(3))
    exif = Image.Exif()
    exif[0x010F] = "Téléphone"  # Make
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=88, exif=exif)


def header(pairs: list[tuple[str, str]]) -> str:
    return "\n".join(f"{k}: {v}" for k, v in pairs) + "\n\n"


def generate(out: Path, items: int, seed: int = 1, photos: bool = True) -> Plan:
    """Write a content folder of about `items` sources under `out` (replaced)."""
    rng = random.Random(seed)
    p = plan(items)
    if out.exists():
        shutil.rmtree(out)
    for folder in SHARES:
        (out / folder).mkdir(parents=True)
    tags = list(TAG_POOL[: p.tags])
    tag_cycle = iter(range(10**9))

    def some_tags() -> str:
        # every tag is used at least once, then one or two at random
        first = tags[next(tag_cycle) % len(tags)]
        return ", ".join(dict.fromkeys([first, *rng.sample(tags, rng.randint(0, 1))]))

    services = [f"service-{i:05d}" for i in range(p.counts["services"])]
    live = services[: max(1, int(len(services) * 0.85))]
    retired = services[len(live):]
    stories = [f"histoire-{i:05d}" for i in range(p.counts["stories"])]
    constraints = [f"contrainte-{i:05d}" for i in range(p.counts["constraints"])]
    terms = [f"terme-{i:05d}" for i in range(p.counts["glossary"])]
    titles = [ACRONYMS[i] if i < len(ACRONYMS) else f"Terme{i}" for i in range(len(terms))]

    def term() -> str:
        return rng.choice(titles)

    for i, slug in enumerate(services):
        is_live = slug in live
        pairs = [("Title", f"Service {i}"), ("Summary", sentence(rng, 10)),
                 ("Lifecycle", ("available" if i % 3 else "pilot") if is_live else "retired"),
                 ("Owner", f"responsable{i}@norelia.fr"), ("Price", "Inclus"),
                 ("Access", f"https://service{i}.norelia.intra/"),
                 ("Support", "support@norelia.fr"),
                 ("Reviewed", day(rng, 150).isoformat())]
        if not is_live:
            pairs.append(("Successor", live[i % len(live)]))
        pairs += [("Audience", rng.choice(AUDIENCES)), ("Tags", some_tags())]
        body = (f"## {HEADINGS[0]}\n\n{paragraph(rng, term=term())}\n\n{bullets(rng)}\n"
                f"## {HEADINGS[1]}\n\n{paragraph(rng, 2)}\n\n"
                f"{table(rng, ('Site', 'Accès', 'Délai'))}\n"
                f"## {HEADINGS[2]}\n\n{steps(rng)}\n"
                f"### Ce qu'il faut savoir\n\n{paragraph(rng, 2)}\n\n"
                f"## {HEADINGS[3]}\n\n{paragraph(rng, 2)} Écrivez au "
                f"[support](mailto:support@norelia.fr).\n")
        (out / "services" / f"{slug}.md").write_text(header(pairs) + body, encoding="utf-8")

    for i, slug in enumerate(stories):
        featured = live[i % len(live)]  # every live service has stories
        other = stories[(i * 7 + 3) % len(stories)]
        pairs = [("Title", f"Histoire {i}"), ("Date", day(rng).isoformat()),
                 ("Summary", sentence(rng, 14)), ("Services", featured),
                 ("Feature", "Partage d'agenda"), ("Audience", rng.choice(AUDIENCES)),
                 ("Tags", some_tags())]
        if photos and i % PHOTO_EVERY == 0:  # a photo, as writers drop them: large, EXIF
            name = f"images/photo-{i // PHOTO_EVERY:04d}.jpg"
            photo(out / name, rng)
            pairs += [("Image", name), ("Image-alt", f"L'équipe de l'histoire {i} au travail")]
        body = (f"{paragraph(rng, term=term())}\n\n## Avant\n\n{paragraph(rng)} Voir "
                f"[la fiche]({{service}}{featured}#comment-lobtenir).\n\n{bullets(rng)}\n"
                f"## Ce qu'ils font maintenant\n\n{paragraph(rng)} Lire aussi "
                f"[une autre histoire]({{story}}{other}) et "
                f"[l'aide]({{filename}}/services/{featured}.md#besoin-daide).\n\n"
                f"{steps(rng, 3)}\n"
                f"## Ce que ça a changé\n\n{paragraph(rng, term=term())}\n")
        if i % 5 == 0:
            body += f"\n{table(rng, ('Site', 'Avant', 'Après'), 2)}"
        (out / "stories" / f"{slug}.md").write_text(header(pairs) + body, encoding="utf-8")

    for i, slug in enumerate(constraints):
        alternative = live[(i * 5) % len(live)]
        pairs = [("Title", f"Pourquoi la règle {i} ?"), ("Date", day(rng).isoformat()),
                 ("Summary", sentence(rng, 12)), ("Rule", sentence(rng, 10)),
                 ("Reason", ("security", "privacy", "compliance", "budget", "continuity")[i % 5]),
                 ("Alternatives", alternative), ("Reviewed", day(rng, 150).isoformat()),
                 ("Reference", f"https://politiques.norelia.intra/regle-{i}"),
                 ("Tags", some_tags())]
        body = (f"## Pourquoi cette règle\n\n{paragraph(rng, term=term())}\n\n"
                f"{bullets(rng)}\n## Que faire à la place\n\n"
                f"Utilisez [ce service]({{service}}{alternative}) :\n\n{steps(rng, 3)}")
        (out / "constraints" / f"{slug}.md").write_text(header(pairs) + body, encoding="utf-8")

    for i in range(p.counts["news"]):
        kind = ("launch", "change", "retirement", "incident", "info")[i % 5]
        date = day(rng)
        pairs = [("Title", f"Actualité {i}"), ("Date", date.isoformat()),
                 ("Summary", sentence(rng, 12)), ("Kind", kind)]
        if kind in ("launch", "change", "retirement"):
            pairs.append(("Services", (retired or live)[i % len(retired or live)]
                          if kind == "retirement" else live[i % len(live)]))
        if kind == "change" and i % 4 == 2:  # a planned cut: in the calendars
            start = date + dt.timedelta(days=7)
            pairs += [("Starts", f"{start.isoformat()} 20:00"),
                      ("Ends", f"{(start + dt.timedelta(days=1)).isoformat()} 06:00"),
                      ("Expires", (start + dt.timedelta(days=2)).isoformat())]
        pairs.append(("Tags", some_tags()))
        body = f"{paragraph(rng)}\n\n"
        if kind == "incident":
            body += f"## Sites touchés\n\n{table(rng, ('Site', 'Service', 'Rétabli'))}\n"
        else:
            body += f"{bullets(rng, 2)}\n"
        body += "Écrivez-nous à [l'équipe](mailto:dsi@norelia.fr).\n"
        (out / "news" / f"actualite-{i:05d}.md").write_text(header(pairs) + body, encoding="utf-8")

    for i, slug in enumerate(terms):
        pairs = [("Title", titles[i]), ("Definition", sentence(rng, 10)),
                 ("Tags", some_tags())]
        neighbour = terms[(i + 1) % len(terms)]
        body = f"{paragraph(rng, 2)} Voir [un autre terme]({{term}}{neighbour}).\n"
        (out / "glossary" / f"{slug}.md").write_text(header(pairs) + body, encoding="utf-8")

    for i in range(p.counts["editions"]):
        date = TODAY - dt.timedelta(days=30 * (p.counts["editions"] - i))
        pairs = [("Title", f"La lettre n° {i + 1}"), ("Date", date.isoformat()),
                 ("Summary", sentence(rng, 10))]
        story = stories[i % len(stories)]
        body = (f"{paragraph(rng)}\n\n## Au sommaire\n\n{bullets(rng, 3)}\n"
                f"À lire : [une histoire]({{story}}{story}).\n")
        (out / "editions" / f"lettre-{i:04d}.md").write_text(header(pairs) + body, encoding="utf-8")

    for i in range(p.counts["pages"]):
        pairs = [("Title", f"Page {i}"), ("Summary", sentence(rng, 8))]
        body = f"{paragraph(rng)}\n\n## En bref\n\n{bullets(rng)}"
        (out / "pages" / f"page-{i:04d}.md").write_text(header(pairs) + body, encoding="utf-8")
    return p


def main() -> None:
    parser = argparse.ArgumentParser(description="Generate a benchmark content folder.")
    parser.add_argument("--items", type=int, default=4500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--no-photos", action="store_true",
                        help="no photos (the cold-build ratio is measured without them)")
    args = parser.parse_args()
    p = generate(args.out, args.items, args.seed, photos=not args.no_photos)
    print(f"{sum(p.counts.values())} items, {p.tags} tags → {args.out}")


if __name__ == "__main__":
    main()
