"""Images: stripped of EXIF/GPS/XMP, upright, responsive, cached, and bad files never crash.

One real Pelican build of tests/fixtures/images-site (its images are generated at test
time by make_images.py: no big binaries in git), then a second build on the same cache.
"""

from __future__ import annotations

import re
import runpy
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from support import FIXTURES, build_site

SITE = FIXTURES / "images-site"
MAKE = runpy.run_path(str(SITE / "make_images.py"))
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
SRCSET_RE = re.compile(r"\s*(\S+)\s+(\d+)w\s*")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The fixture content with its generated images, built once; cache kept for rebuilds."""
    base = tmp_path_factory.mktemp("images")
    content = base / "content"
    shutil.copytree(SITE, content, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    MAKE["write_good"](content / "images")
    MAKE["write_bad"](content / "images")
    output, cache = base / "output", base / "cache"
    result = build_site(content, output, HUB_IMAGE_CACHE=str(cache), HUB_SEARCH=False,
                        HUB_CONTENT_LABEL="content")
    return {"content": content, "output": output, "cache": cache, "result": result}


def published_images(output: Path) -> list[Path]:
    return sorted(p for p in (output / "images").rglob("*") if p.suffix in IMAGE_SUFFIXES)


def report_of(result) -> str:
    return result.stderr


# --- privacy -------------------------------------------------------------------------


def test_the_build_succeeds_and_publishes_images(site):
    assert site["result"].returncode == 0, site["result"].stderr
    assert len(published_images(site["output"])) > 40


def test_no_exif_gps_or_xmp_in_any_published_image(site):
    source = Image.open(site["content"] / "images" / "salle-gps.jpg")
    assert source.getexif().get_ifd(0x8825), "the fixture photo must carry GPS"
    for path in published_images(site["output"]):
        with Image.open(path) as image:
            exif = image.getexif()
            assert len(exif) == 0, f"{path.name} keeps EXIF {dict(exif)}"
            assert not exif.get_ifd(0x8825), f"{path.name} keeps GPS"
            leaked = {"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"} & set(
                image.info)
            assert not leaked, f"{path.name} keeps {leaked}"
        assert b"Fairphone" not in path.read_bytes(), f"{path.name} names the phone"


def test_the_original_path_holds_a_stripped_copy_not_the_source(site):
    source = site["content"] / "images" / "salle-gps.jpg"
    published = site["output"] / "images" / "salle-gps.jpg"
    assert published.read_bytes() != source.read_bytes()
    with Image.open(published) as image:
        assert not image.getexif()
        assert image.size == MAKE["UPRIGHT_SIZE"]


def test_broken_images_are_not_published(site):
    names = {p.name for p in (site["output"] / "images").iterdir()}
    for bad in ("tronquee.jpg", "corrompue.png", "pas-une-image.jpg", "bombe.png"):
        assert bad not in names


# --- orientation -----------------------------------------------------------------------


def test_orientation_is_applied_before_the_metadata_goes(site):
    with Image.open(site["content"] / "images" / "salle-gps.jpg") as stored:
        assert stored.size == (1200, 1800)  # stored sideways, EXIF orientation 6
    variants = [p for p in published_images(site["output"]) if p.name.startswith("salle-gps")]
    assert variants
    for path in variants:
        with Image.open(path) as image:
            rgb = image.convert("RGB")
            assert rgb.width > rgb.height, f"{path.name} is not upright"
            if "carte" in path.name:
                continue  # centred crop: the corner is cut off
            r, g, b = rgb.getpixel((2, 2))
            assert r > 180 and g < 80 and b < 80, f"{path.name}: red corner not top-left"


# --- responsive markup -----------------------------------------------------------------


def pictures(site, page: str) -> list:
    html = (site["output"] / page).read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").find_all("picture")


def candidates(srcset: str) -> list[tuple[str, int]]:
    return [(m.group(1), int(m.group(2))) for m in map(SRCSET_RE.fullmatch, srcset.split(","))]


def test_every_srcset_candidate_exists_with_the_width_it_claims(site):
    page = Path("services/visio/index.html")
    found = pictures(site, str(page))
    assert len(found) == 3  # the page's image and two body images
    for picture in found:
        source, img = picture.find("source"), picture.find("img")
        assert source["type"] == "image/webp"
        for srcset in (source["srcset"], img["srcset"]):
            listed = candidates(srcset)
            assert len(listed) >= 3
            for url, width in listed:
                file = (site["output"] / page.parent / url).resolve()
                assert file.is_file(), url
                with Image.open(file) as image:
                    assert image.width == width, f"{url} claims {width}w, is {image.width}"
        largest = max(candidates(img["srcset"]), key=lambda c: c[1])
        with Image.open((site["output"] / page.parent / largest[0]).resolve()) as image:
            assert (int(img["width"]), int(img["height"])) == image.size
        assert (site["output"] / page.parent / img["src"]).resolve().is_file()
        assert img["alt"] and img.get("sizes") and source.get("sizes")


def test_webp_first_and_the_original_format_as_fallback(site):
    picture = pictures(site, "services/visio/index.html")[1]  # the PNG screenshot
    assert all(u.endswith(".webp") for u, _ in candidates(picture.find("source")["srcset"]))
    assert all(u.endswith(".png") for u, _ in candidates(picture.find("img")["srcset"]))


def test_the_page_image_loads_at_once_and_body_images_are_lazy(site):
    hero, *body = pictures(site, "services/visio/index.html")
    assert hero.find("img").get("loading") is None
    assert hero.find("img").get("fetchpriority") == "high"
    for picture in body:
        assert picture.find("img")["loading"] == "lazy"
    assert body[-1].find("img")["title"] == "Salle 2"  # the writer's attributes are kept


def test_nothing_is_upscaled(site):
    for picture in pictures(site, "actualites/formats-difficiles/index.html"):
        img = picture.find("img")
        widths = [w for _, w in candidates(img["srcset"])]
        assert max(widths) <= 1600
    with Image.open(site["output"] / "images" / "palette.png") as image:
        assert image.width == 300  # a 300 px logo stays 300 px


def test_card_thumbnails_have_a_fixed_ratio(site):
    cards = [p for p in published_images(site["output"]) if "-carte-" in p.name]
    assert cards
    for path in cards:
        with Image.open(path) as image:
            assert abs(image.width / image.height - 16 / 9) < 0.02, path.name


# --- bad images: a French message at the file and line that use them, and the site builds


EXPECTED = [
    ("content/stories/photos-abimees.md", "ligne 6 : erreur : L'image « images/tronquee.jpg » "
     "ne peut pas être lue : le fichier est incomplet (tronqué)."),
    ("content/stories/photos-abimees.md", "ligne 11 : erreur : L'image « images/corrompue.png » "
     "ne peut pas être lue : le fichier est endommagé."),
    ("content/stories/photos-abimees.md", "ligne 13 : erreur : L'image "
     "« images/pas-une-image.jpg » ne peut pas être lue : ce n'est pas une image "
     "(format inconnu)."),
    ("content/stories/photos-abimees.md", "ligne 15 : erreur : L'image « images/bombe.png » est "
     "beaucoup trop grande pour être publiée (plus de 89 millions de pixels)."),
    ("content/stories/photos-abimees.md", "ligne 17 : erreur : L'image "
     "« images/manquante.jpg » est introuvable."),
    ("content/news/formats-difficiles.md", "ligne 6 : avertissement : L'image "
     "« images/cmjn.jpg » est en couleurs d'impression (CMJN) : ses couleurs peuvent changer "
     "à l'écran."),
    ("content/news/formats-difficiles.md", "ligne 12 : avertissement : L'image "
     "« images/animee.gif » est animée : seule sa première image est publiée."),
    ("content/news/formats-difficiles.md", "ligne 14 : avertissement : L'image "
     "« images/enorme.jpg » est très lourde (8660 × 5774 pixels) : elle est publiée réduite, "
     "mais ralentit chaque construction du site."),
]


def findings_by_file(report: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = ""
    for line in report.splitlines():
        if line.startswith("content/"):
            current = line.strip()
        elif line.startswith("  ") and not line.startswith("    ") and current:
            out.setdefault(current, []).append(line.strip())
    return out


@pytest.mark.parametrize(("file", "message"), EXPECTED, ids=[m[1][:40] for m in EXPECTED])
def test_each_bad_image_gives_its_french_message_at_file_and_line(site, file, message):
    assert message in findings_by_file(report_of(site["result"])).get(file, [])


def test_image_problems_are_the_only_findings_and_the_rest_builds(site):
    found = findings_by_file(report_of(site["result"]))
    assert sum(len(v) for v in found.values()) == len(EXPECTED), found
    assert "Traceback" not in site["result"].stderr
    for page in ("services/visio/index.html", "histoires/photos-abimees/index.html",
                 "actualites/formats-difficiles/index.html", "index.html"):
        assert (site["output"] / page).is_file(), page


def test_hard_formats_are_published_right(site):
    images = site["output"] / "images"
    with Image.open(next(images.glob("cmjn-640w.*.jpg"))) as image:
        assert image.mode == "RGB"
    with Image.open(next(images.glob("seize-bits-400w.*.png"))) as image:
        grey = image.convert("L")
        low, high = grey.getextrema()
        assert low < 20 and high > 235, "16-bit grey must be scaled, not clipped to white"
        assert 100 < grey.getpixel((200, 150)) < 160
    with Image.open(next(images.glob("palette-300w.*.webp"))) as image:
        assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0  # still transparent
    with Image.open(next(images.glob("animee-320w.*.png"))) as image:
        assert getattr(image, "n_frames", 1) == 1
    with Image.open(next(images.glob("enorme-1600w.*.webp"))) as image:
        assert image.size == (1600, round(5774 * 1600 / 8660))


# --- the cache: a second build does no image work ----------------------------------


def cache_state(cache: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in cache.rglob("manifest.json")}


def test_a_second_build_processes_no_image(site, tmp_path):
    before = cache_state(site["cache"])
    assert len(before) == 11  # every image file of the fixture, bad ones included
    output = site["output"]
    written = {p: p.stat().st_mtime_ns for p in published_images(output)}
    result = build_site(site["content"], output, HUB_IMAGE_CACHE=str(site["cache"]),
                        HUB_SEARCH=False, HUB_CONTENT_LABEL="content")
    assert result.returncode == 0, result.stderr
    assert cache_state(site["cache"]) == before, "an image was processed again"
    assert {p: p.stat().st_mtime_ns for p in published_images(output)} == written
    # a fresh output folder is filled from the cache, still without processing
    fresh = tmp_path / "fresh"
    result = build_site(site["content"], fresh, HUB_IMAGE_CACHE=str(site["cache"]),
                        HUB_SEARCH=False, HUB_CONTENT_LABEL="content")
    assert result.returncode == 0, result.stderr
    assert cache_state(site["cache"]) == before
    assert [p.name for p in published_images(fresh)] == [p.name for p in written]


# --- the functions other parts of the hub call -----------------------------------------


def test_check_image_names_each_problem(tmp_path):
    from hub.images import check_image

    MAKE["write_bad"](tmp_path, huge=False)
    (tmp_path / "mi-bombe.png").write_bytes(MAKE["bomb_png"](10_000, 10_000))  # Pillow warns
    codes = {p.name: (check_image(p) or None) for p in tmp_path.iterdir()}
    assert codes["tronquee.jpg"].detail == "le fichier est incomplet (tronqué)"
    assert codes["corrompue.png"].code == "image-broken"
    assert codes["pas-une-image.jpg"].detail == "ce n'est pas une image (format inconnu)"
    assert codes["bombe.png"].code == "image-too-large"
    assert codes["mi-bombe.png"].code == "image-too-large"
    for good in ("cmjn.jpg", "seize-bits.png", "palette.png", "animee.gif"):
        assert codes[good] is None, good
    assert check_image(tmp_path / "absente.jpg").code == "image-broken"


def test_a_50_megapixel_jpeg_is_decoded_at_reduced_scale(tmp_path):
    from hub.images.decode import Limits, decode

    MAKE["write_huge"](tmp_path / "enorme.jpg")
    decoded = decode((tmp_path / "enorme.jpg").read_bytes(), Limits(89_478_485, 40_000_000, 2560))
    assert not isinstance(decoded, type(None))
    assert (decoded.width, decoded.height) == (8660, 5774)  # the file's own size, for notes
    assert 2560 <= decoded.image.width <= 4330  # decoded at 1/2 scale, not 50 MP in memory


@pytest.mark.parametrize("size", [(2000, 1333), (800, 600), (300, 200)])
def test_encodings_on_a_pool_give_the_same_files_as_inline(size):
    """One image alone spreads its encodings over threads: same files, same order."""
    from concurrent.futures import ThreadPoolExecutor

    from hub.images.decode import Decoded
    from hub.images.variants import Recipe, render

    recipe = Recipe((480, 800, 1200, 1600), (320, 640), (16, 9), 80, 2000)
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    inline = render(Decoded(image.copy(), "JPEG", *size), "photo.jpg", recipe)
    with ThreadPoolExecutor(2) as pool:
        pooled = render(Decoded(image.copy(), "JPEG", *size), "photo.jpg", recipe, pool)
    assert [(r.variant, r.data) for r in pooled] == [(r.variant, r.data) for r in inline]
    cards = [r.variant for r in inline if r.variant.role == "card"]
    assert cards and all(abs(v.width / v.height - 16 / 9) < 0.02 for v in cards)
