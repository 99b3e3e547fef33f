"""Realistic sample images for the hub: phone photos with GPS in their EXIF, screenshots.

    python scripts/sample_images.py site [FOLDER]   # the sample site's images (content/images/)
    python scripts/sample_images.py bench FOLDER    # the heavy benchmark set (several MB each)

Images are drawn with Pillow (gradients, shapes, text and sensor-like noise) and are
reproducible: the same seed gives the same bytes. The site set is small enough to commit;
the benchmark set (4,000-pixel photos, multi-MB screenshots) is generated when measured.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
GPS_IFD = 0x8825
ORIENTATION = 0x0112
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="45,31.5N" exif:GPSLongitude="4,52.2E"/></rdf:RDF></x:xmpmeta>'
)


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans when installed (accents), else Pillow's own font."""
    if DEJAVU.is_file():
        return ImageFont.truetype(str(DEJAVU), size)
    return ImageFont.load_default(size=size)


def phone_exif(orientation: int = 1, lat: float = 45.525, lon: float = 4.874) -> Image.Exif:
    """EXIF as a phone writes it: maker, model, date, orientation and GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "Fairphone"
    exif[0x0110] = "FP5"
    exif[0x0132] = "2026:10:14 09:42:17"
    exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N" if lat >= 0 else "S"
    gps[2] = _dms(abs(lat))
    gps[3] = "E" if lon >= 0 else "W"
    gps[4] = _dms(abs(lon))
    return exif


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 2)
    return (float(degrees), float(minutes), seconds)


def photo(width: int, height: int, seed: int = 1, noise: float = 18.0) -> Image.Image:
    """A landscape-like photo: sky gradient, hills, buildings, a sun, and sensor noise."""
    rng = random.Random(seed)
    sky_top = (rng.randint(40, 90), rng.randint(90, 140), rng.randint(170, 220))
    sky_low = (rng.randint(200, 240), rng.randint(190, 220), rng.randint(170, 200))
    image = Image.linear_gradient("L").resize((width, height))
    bands = zip(sky_top, sky_low, strict=True)
    image = Image.merge("RGB", [
        image.point(lambda v, a=a, b=b: a + (b - a) * v // 255) for a, b in bands
    ])
    draw = ImageDraw.Draw(image)
    r = width // 18
    sx, sy = rng.randint(r, width - r), rng.randint(r, height // 3)
    draw.ellipse((sx - r, sy - r, sx + r, sy + r), fill=(255, 236, 180))
    for layer in range(3):
        base = height * (0.55 + 0.12 * layer)
        shade = 60 + 30 * layer
        points = [(0, height)]
        for x in range(0, width + 1, max(1, width // 24)):
            points.append((x, base + rng.uniform(-0.06, 0.06) * height))
        points.append((width, height))
        draw.polygon(points, fill=(shade // 2, shade, shade // 3))
    for _ in range(14):
        bw = rng.randint(width // 30, width // 10)
        bh = rng.randint(height // 10, height // 3)
        bx = rng.randint(0, width - bw)
        by = int(height * 0.7) - bh
        color = tuple(rng.randint(110, 200) for _ in range(3))
        draw.rectangle((bx, by, bx + bw, by + bh), fill=color)
        for wy in range(by + bh // 10, by + bh - bh // 10, max(4, bh // 8)):
            for wx in range(bx + bw // 8, bx + bw - bw // 8, max(4, bw // 5)):
                draw.rectangle((wx, wy, wx + bw // 12, wy + bh // 16), fill=(230, 220, 150))
    for _ in range(width * height // 2500):  # foliage and gravel: detail at every scale
        x, y = rng.randrange(width), rng.randrange(int(height * 0.6), height)
        size = rng.randint(2, max(3, width // 300))
        tone = rng.randint(30, 140)
        draw.ellipse((x, y, x + size, y + size // 2 + 1),
                     fill=(tone // 2, tone, rng.randint(10, tone // 2 + 10)))
    image = image.filter(ImageFilter.GaussianBlur(max(1, width // 3000)))
    if noise:
        grain = Image.effect_noise((width, height), noise).convert("RGB")
        image = Image.blend(image, grain, 0.12)
    return image


def screenshot(width: int, height: int, seed: int = 2, with_photo: bool = True) -> Image.Image:
    """An application screenshot: title bar, sidebar, text lines, a table and a photo pane."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height), (246, 247, 249))
    draw = ImageDraw.Draw(image)
    unit = max(1, width // 160)
    draw.rectangle((0, 0, width, 6 * unit), fill=(0, 82, 147))
    draw.text((3 * unit, unit), "Portail d'assistance · Norélia", fill="white", font=font(3 * unit))
    draw.rectangle((0, 6 * unit, 32 * unit, height), fill=(229, 233, 240))
    for i, label in enumerate(["Accueil", "Mes demandes", "Catalogue", "Astreinte", "Aide"]):
        draw.text((3 * unit, (10 + 6 * i) * unit), label, fill=(30, 40, 60), font=font(2 * unit))
    x0 = 36 * unit
    draw.text((x0, 9 * unit), "Nouvelle demande", fill=(20, 20, 20), font=font(4 * unit))
    y = 16 * unit
    words = ["poste", "écran", "messagerie", "accès", "VPN", "badge", "imprimante", "logiciel"]
    for _ in range(12):
        line = " ".join(rng.choice(words) for _ in range(rng.randint(6, 14)))
        draw.text((x0, y), line, fill=(60, 60, 60), font=font(2 * unit))
        y += 3 * unit
    for row in range(8):
        top = y + unit + row * 4 * unit
        fill = (255, 255, 255) if row % 2 else (236, 240, 245)
        draw.rectangle((x0, top, width - 4 * unit, top + 4 * unit), fill=fill)
        draw.text((x0 + unit, top + unit // 2), f"INC-2026-{rng.randint(1000, 9999)}",
                  fill=(0, 82, 147), font=font(2 * unit))
    if with_photo:
        pw, ph = width // 2, height // 2
        pane = photo(pw, ph, seed=seed + 10, noise=45)
        image.paste(pane, (width - pw - 4 * unit, height - ph - 4 * unit))
    return image


def save_photo(image: Image.Image, path: Path, quality: int = 88, orientation: int = 1,
               **gps: float) -> None:
    """Save as a phone would: pixels stored sideways when `orientation` says so, EXIF, XMP."""
    stored = image
    if orientation == 6:  # the viewer turns it 90° clockwise
        stored = image.transpose(Image.Transpose.ROTATE_90)
    elif orientation == 8:
        stored = image.transpose(Image.Transpose.ROTATE_270)
    elif orientation == 3:
        stored = image.transpose(Image.Transpose.ROTATE_180)
    path.parent.mkdir(parents=True, exist_ok=True)
    stored.save(path, "JPEG", quality=quality, exif=phone_exif(orientation, **gps).tobytes(),
                xmp=XMP)


def write_site_images(folder: Path) -> list[Path]:
    """The sample site's images: small enough to commit, with the same traps as real ones."""
    out = []
    path = folder / "salle-visio-roanne.jpg"
    save_photo(photo(2400, 1600, seed=3, noise=10), path, quality=80, orientation=6)
    out.append(path)
    path = folder / "entrepot-vienne.jpg"
    save_photo(photo(1800, 1200, seed=5, noise=10), path, quality=80, lat=45.52, lon=4.87)
    out.append(path)
    path = folder / "portail-assistance.png"
    screenshot(1440, 900, seed=7, with_photo=False).save(path, "PNG")
    out.append(path)
    return out


def write_benchmark_images(folder: Path) -> list[Path]:
    """Heavy, realistic set: 4,000-pixel phone photos, a retina screenshot of several MB."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, (w, h, orientation) in enumerate([(4000, 3000, 6), (4000, 3000, 1), (4032, 2268, 1)]):
        path = folder / f"photo-{i + 1}.jpg"
        if not path.exists():
            save_photo(photo(w, h, seed=20 + i, noise=40), path, quality=93,
                       orientation=orientation)
        out.append(path)
    path = folder / "capture-ecran.png"
    if not path.exists():
        screenshot(2880, 1800, seed=30).save(path, "PNG")
    out.append(path)
    return out


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("site", "bench"):
        print(__doc__)
        return 2
    if argv[0] == "site":
        folder = Path(argv[1]) if len(argv) > 1 else ROOT / "content" / "images"
        paths = write_site_images(folder)
    else:
        if len(argv) < 2:
            print(__doc__)
            return 2
        paths = write_benchmark_images(Path(argv[1]))
    for path in paths:
        print(f"{path}  {path.stat().st_size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
