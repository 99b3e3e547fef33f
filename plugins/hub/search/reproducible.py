"""Reproducible output: two builds of the same content give byte-identical files.

Everything the hub writes is already ordered and dated from the content (HUB_TODAY, no
clock). Pagefind is the exception: it writes its filter indexes from a hash map whose
order changes at every run, and names its files after their bytes (upstream issue
Pagefind/pagefind#638 fixed the fragments, not the filters). After Pagefind has run,
`canonicalise()` sorts the filter values, renames the files after their new content and
updates the references, so the index reads the same and the bytes no longer move.

The files are gzip-compressed CBOR after a `pagefind_dcd` signature; the small CBOR codec
below covers the types Pagefind writes, and a file that does not decode and re-encode to
its own bytes is left exactly as it is.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path
from typing import Any

from hub.addresses import SEARCH_INDEX
from hub.build import incremental

SIGNATURE = b"pagefind_dcd"


class CborError(ValueError):
    """Bytes outside the CBOR subset Pagefind writes."""


# --- a minimal CBOR codec (RFC 8949 major types 0–5 and simple values) ---------------------


def cbor_decode(data: bytes) -> Any:
    value, end = _decode(data, 0)
    if end != len(data):
        raise CborError("trailing bytes")
    return value


def _decode(data: bytes, pos: int) -> tuple[Any, int]:
    if pos >= len(data):
        raise CborError("truncated")
    head = data[pos]
    major, info = head >> 5, head & 0x1F
    pos += 1
    if major == 7:
        return _decode_simple(data, pos, info)
    if info < 24:
        arg = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        arg = int.from_bytes(data[pos:pos + size], "big")
        pos += size
    else:
        raise CborError("indefinite lengths are not used by Pagefind")
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major in (2, 3):
        raw = data[pos:pos + arg]
        if len(raw) != arg:
            raise CborError("truncated string")
        return (raw if major == 2 else raw.decode("utf-8")), pos + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, pos = _decode(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        pairs = []
        for _ in range(arg):
            key, pos = _decode(data, pos)
            value, pos = _decode(data, pos)
            pairs.append((key, value))
        return _Map(pairs), pos
    raise CborError("tags are not used by Pagefind")


def _decode_simple(data: bytes, pos: int, info: int) -> tuple[Any, int]:
    simple = {20: False, 21: True, 22: None}
    if info in simple:
        return simple[info], pos
    if info == 25:
        return _Float(data[pos - 1:pos + 2]), pos + 2
    if info == 26:
        return _Float(data[pos - 1:pos + 4]), pos + 4
    if info == 27:
        return _Float(data[pos - 1:pos + 8]), pos + 8
    raise CborError("unknown simple value")


class _Map(list):  # type: ignore[type-arg]
    """A CBOR map kept as ordered pairs, so that it re-encodes as read."""


class _Float(bytes):
    """A CBOR float kept as its encoded bytes."""


def cbor_encode(value: Any) -> bytes:
    if isinstance(value, _Float):
        return bytes(value)
    if value is False:
        return b"\xf4"
    if value is True:
        return b"\xf5"
    if value is None:
        return b"\xf6"
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, _Map):
        return _head(5, len(value)) + b"".join(cbor_encode(k) + cbor_encode(v) for k, v in value)
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(cbor_encode(v) for v in value)
    raise CborError(f"cannot encode {type(value).__name__}")


def _head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size, fmt in ((24, 1, ">B"), (25, 2, ">H"), (26, 4, ">I"), (27, 8, ">Q")):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + struct.pack(fmt, arg)
    raise CborError("integer too large")


# --- Pagefind files ---------------------------------------------------------------------


def read_pagefind(path: Path) -> Any:
    """The CBOR value of a Pagefind file; CborError when it would not round-trip."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise CborError("not a Pagefind file")
    body = raw[len(SIGNATURE):]
    value = cbor_decode(body)
    if cbor_encode(value) != body:
        raise CborError("does not re-encode to the same bytes")
    return value


def write_pagefind(folder: Path, prefix: str, digits: int, suffix: str, value: Any) -> str:
    """Write `value` under a name made from its bytes; return the name's hash part."""
    body = SIGNATURE + cbor_encode(value)
    digest = f"{prefix}_{hashlib.sha256(body).hexdigest()[:digits]}"
    (folder / f"{digest}{suffix}").write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    return digest


def canonicalise(bundle: Path) -> bool:
    """Make a Pagefind bundle's filter and meta files byte-stable; False if left alone."""
    entry_path = bundle / "pagefind-entry.json"
    if not entry_path.is_file():
        return False
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        for language, info in entry.get("languages", {}).items():
            info["hash"] = _canonical_language(bundle, str(info["hash"]))
            entry["languages"][language] = info
    except (CborError, OSError, KeyError, ValueError, TypeError, IndexError):
        return False
    entry_path.write_text(json.dumps(entry, separators=(",", ":"), ensure_ascii=False),
                          encoding="utf-8")
    return True


def _canonical_language(bundle: Path, meta_hash: str) -> str:
    meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = read_pagefind(meta_path)
    filters = next((part for part in meta if _is_filter_list(part)), None)
    if filters is None:
        return meta_hash
    prefix, digits = _name_shape(meta_hash)
    filter_dir = bundle / "filter"
    renamed = []
    for name, old_hash in filters:
        old_path = filter_dir / f"{old_hash}.pf_filter"
        value = read_pagefind(old_path)
        value[1] = sorted(value[1], key=lambda v: (str(v[0]), v[1]))
        f_prefix, f_digits = _name_shape(old_hash)
        new_hash = write_pagefind(filter_dir, f_prefix, f_digits, ".pf_filter", value)
        if new_hash != old_hash:
            old_path.unlink()
        renamed.append([name, new_hash])
    filters[:] = sorted(renamed, key=lambda f: str(f[0]))
    new_meta = write_pagefind(bundle, f"pagefind.{prefix}", digits, ".pf_meta", meta)
    new_meta = new_meta.removeprefix("pagefind.")
    if new_meta != meta_hash:
        meta_path.unlink()
    return new_meta


def _is_filter_list(part: Any) -> bool:
    return (isinstance(part, list) and bool(part) and all(
        isinstance(f, list) and len(f) == 2 and isinstance(f[0], str)
        and isinstance(f[1], str) and f[1].count("_") == 1 for f in part))


def _name_shape(hash_name: str) -> tuple[str, int]:
    prefix, _, digest = hash_name.rpartition("_")
    return prefix, len(digest)


def after_search_index(pelican: Any) -> None:
    """`finalized` (after the search index): canonicalise Pagefind's bundle if present
    (not in the preview server's quick runs, which leave the index as it was)."""
    if incremental.selection(pelican.settings) is not None:
        return
    bundle = Path(pelican.output_path) / SEARCH_INDEX.url()
    if bundle.is_dir():
        canonicalise(bundle)
