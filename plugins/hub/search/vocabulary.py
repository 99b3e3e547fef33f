"""The site's own words, for the search page: what a query word may be corrected to.

After Pagefind has indexed the site, every word of what it holds (each page's text, title,
keywords and synonyms, read back from its fragments) is counted and written, sorted, to
`SEARCH_WORDS` (`pagefind/hub-mots.json`). The search page (`theme/static/js/search.js`)
keeps a query word the site holds, accepts a beginning of four letters or more, and
otherwise proposes the nearest word of this list (« Vouliez-vous dire … ? »), so that a
typo, a missing accent or a plural still finds its page and a word the site never uses
does not empty the results.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from hub.addresses import SEARCH_INDEX, SEARCH_WORDS

SIGNATURE = b"pagefind_dcd"
SEARCHED_META = ("title", "keywords", "synonyms")
# a word: letters, with inner hyphens or apostrophes (« wi-fi », « aujourd'hui »)
WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
ELISION_RE = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’]")
MIN_LETTERS = 2


def words_of(text: str) -> Iterator[str]:
    """The words of `text`, lower case, without their elided article (« l'agenda » gives
    « agenda »); a hyphenated word also gives its parts (« wi-fi », « wi », « fi »)."""
    for match in WORD_RE.finditer(text.lower()):
        word = ELISION_RE.sub("", match.group()).replace("’", "'")
        if len(word) >= MIN_LETTERS:
            yield word
        if "-" in word:
            yield from (part for part in word.split("-") if len(part) >= MIN_LETTERS)


def fragment_texts(bundle: Path) -> Iterator[str]:
    """The searched text of every page of a Pagefind bundle: content and metadata."""
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        if not raw.startswith(SIGNATURE):
            continue
        fragment = json.loads(raw[len(SIGNATURE):])
        yield str(fragment.get("content", ""))
        meta = fragment.get("meta", {})
        yield from (str(meta[key]) for key in SEARCHED_META if meta.get(key))


def count_words(texts: Iterable[str]) -> Counter[str]:
    """How often each word occurs; the tokens are counted first and each distinct one
    split once (a site repeats its words: far fewer tokens than occurrences)."""
    tokens: Counter[str] = Counter()
    for text in texts:
        tokens.update(WORD_RE.findall(text.lower()))
    counts: Counter[str] = Counter()
    for token, times in tokens.items():
        for word in words_of(token):
            counts[word] += times
    return counts


def write(site: Path) -> Path:
    """Write the vocabulary of the site's Pagefind bundle; return its path."""
    counts = count_words(fragment_texts(site / SEARCH_INDEX.url()))
    target = site / SEARCH_WORDS.url()
    words = [[word, counts[word]] for word in sorted(counts)]
    target.write_text(json.dumps({"words": words}, ensure_ascii=False, separators=(",", ":")),
                      encoding="utf-8")
    return target
