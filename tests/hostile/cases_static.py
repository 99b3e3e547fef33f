"""Static family: only safe files leave content/images/. SVGs lose their scripts, handlers
and external references (a warning at the line), or are refused (entities, broken XML);
any other kind of file, or a file whose bytes are not what its name says, is refused."""

from __future__ import annotations

from hostile.generate import Case

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
       'width="10" height="10">\n{body}\n<rect width="10" height="10"/>\n</svg>\n')


def _svg(body: str) -> bytes:
    return SVG.format(body=body).encode()


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE svg [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>
"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&lol2;</text></svg>
"""


def cases() -> list[Case]:
    return [
        Case("st-svg-script", "images/st-script.svg", _svg("<script>alert(1)</script>"),
             "svg-cleaned", 2),
        Case("st-svg-onload", "images/st-onload.svg",
             b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
             "svg-cleaned", 1),
        Case("st-svg-foreign-object", "images/st-foreign.svg",
             _svg('<foreignObject><body xmlns="http://www.w3.org/1999/xhtml">'
                  "<script>alert(1)</script></body></foreignObject>"), "svg-cleaned", 2),
        Case("st-svg-external-image", "images/st-image.svg",
             _svg('<image href="https://evil.example/x.png" width="5" height="5"/>'),
             "svg-cleaned", 2),
        Case("st-svg-js-link", "images/st-lien.svg",
             _svg('<a xlink:href="javascript:alert(1)"><text>x</text></a>'), "svg-cleaned", 2),
        Case("st-svg-use-outside", "images/st-use.svg",
             _svg('<use href="autre.svg#forme"/>'), "svg-cleaned", 2),
        Case("st-svg-css-import", "images/st-css.svg",
             _svg('<style>@import url(https://evil.example/x.css); rect { fill: red }</style>'),
             "svg-cleaned", 2),
        Case("st-svg-set-href", "images/st-set.svg",
             _svg('<a href="#a"><set attributeName="href" to="javascript:alert(1)"/>'
                  "<text>x</text></a>"), "svg-cleaned", 2),
        Case("st-svg-xxe", "images/st-xxe.svg", XXE, "svg-refused", 2),
        Case("st-svg-billion-laughs", "images/st-rires.svg", LAUGHS, "svg-refused", 3),
        Case("st-svg-utf16-entities", "images/st-utf16.svg",
             ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE svg [<!ENTITY x "lol">]>'
              '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>').encode("utf-16"),
             "svg-refused", 1),
        Case("st-svg-not-xml", "images/st-casse.svg", b"<svg><rect></svg", "svg-refused", 1),
        Case("st-html", "images/st-page.html", b"<html><script>alert(1)</script></html>",
             "static-kind-refused", None, absent=("images/st-page.html",)),
        Case("st-js", "images/st-code.js", b"alert(document.cookie)", "static-kind-refused",
             None, absent=("images/st-code.js",)),
        Case("st-exe", "images/st-outil.exe", b"MZ\x90\x00" + bytes(60),
             "static-kind-refused", None, absent=("images/st-outil.exe",)),
        Case("st-php", "images/st-shell.php", b"<?php system($_GET['c']); ?>",
             "static-kind-refused", None, absent=("images/st-shell.php",)),
        Case("st-svgz", "images/st-dessin.svgz", b"\x1f\x8b\x08\x00" + bytes(20),
             "static-kind-refused", None, absent=("images/st-dessin.svgz",)),
        Case("st-fake-png", "images/st-faux.png",
             b"<!DOCTYPE html><html><script>alert(1)</script></html>", "static-disguised",
             None, absent=("images/st-faux.png",)),
        Case("st-symlink-outside", "images/st-dehors.png", b"", "link-outside", None,
             link_to="/etc/hostname", absent=("images/st-dehors.png",)),
        Case("st-mac-junk", "images/.DS_Store", b"\x00\x00\x00\x01Bud1" + bytes(20),
             "static-kind-refused", None, absent=("images/.DS_Store",)),
        Case("st-fake-pdf", "images/st-faux.pdf", b"<html><body>x</body></html>",
             "static-disguised", None, absent=("images/st-faux.pdf",)),
    ]
