"""Markup family: tags in header values, unsafe markup hidden by entities, line breaks or
`srcset`, elements that change the page (`<base>`, `<meta>`, `<link>`), and markup shown
in code (never a finding). Build and checker report each at the writer's line."""

from __future__ import annotations

from hostile.generate import Case, news

SERVICE = """Title: Service {name}
Summary: Un service de test.
Lifecycle: pilot
Owner: claire.martin@norelia.fr
Price: {price}
Access: https://portail.exemple.intra/test
Support: 04 72 00 36 00
Reviewed: 2026-10-01

Texte.
"""

STORY = """Title: Une histoire {name}
Date: 2026-11-10
Summary: Une équipe essaie.
Services: messagerie
Feature: {feature}

Texte.
"""

CONSTRAINT = """Title: Pourquoi {name} ?
Date: 2026-11-10
Summary: Une règle.
Rule: {rule}
Reason: security
Alternatives: messagerie
Reviewed: 2026-10-01

Texte.
"""

TERM = """Title: Terme {name}
Definition: {definition}
IT-view: {it_view}

Texte.
"""


def _service(name: str, price: str) -> bytes:
    return SERVICE.format(name=name, price=price).encode()


def _story(name: str, feature: str) -> bytes:
    return STORY.format(name=name, feature=feature).encode()


def _constraint(name: str, rule: str) -> bytes:
    return CONSTRAINT.format(name=name, rule=rule).encode()


def _term(name: str, definition: str = "Un mot.", it_view: str = "Un mot technique.") -> bytes:
    return TERM.format(name=name, definition=definition, it_view=it_view).encode()


def _summary(summary: str) -> bytes:
    return news("Annonce", "Texte.").replace(b"Summary: Une annonce.",
                                             f"Summary: {summary}".encode())


def cases() -> list[Case]:
    return [
        # markup in header values: plain text, a finding at the key's line
        Case("mk-bold-title", "news/mk-titre-gras.md",
             news("<b>Important</b> : coupure du réseau", "Texte."), "header-markup", 1),
        Case("mk-img-onerror-summary", "news/mk-resume-img.md",
             _summary('Coupure <img src=x onerror="alert(1)">'), "unsafe-html", 3),
        Case("mk-script-tags", "news/mk-mots-cles.md",
             news("Annonce", "Texte.", "Tags: <script>alert(1)</script>réseau\n"),
             "unsafe-html", 5),
        Case("mk-italic-author", "news/mk-auteur.md",
             news("Annonce", "Texte.", "Author: <i>Claire Martin</i>\n"), "header-markup", 5),
        Case("mk-bold-price", "services/mk-prix.md", _service("prix", "<b>Gratuit</b>"),
             "header-markup", 5),
        Case("mk-script-price", "services/mk-prix-script.md",
             _service("script", "Inclus<script>alert(1)</script>"), "unsafe-html", 5),
        Case("mk-img-feature", "stories/mk-fonction.md",
             _story("image", '<img src="x" onerror="alert(1)">agenda'), "unsafe-html", 5),
        Case("mk-underline-rule", "constraints/mk-regle.md",
             _constraint("souligné", "<u>Interdit</u> sans accord"), "header-markup", 4),
        Case("mk-script-definition", "glossary/mk-definition.md",
             _term("script", "<script>alert(1)</script>Un mot."), "unsafe-html", 2),
        Case("mk-svg-onload-it-view", "glossary/mk-vue-it.md",
             _term("svg", it_view="<svg onload=alert(1)>technique"), "unsafe-html", 3),
        Case("mk-js-access", "services/mk-acces.md",
             _service("accès", "Inclus").replace(b"https://portail.exemple.intra/test",
                                                 b"java&#x09;script:alert(1)"),
             "unsafe-html", 6),
        Case("mk-link-in-title", "news/mk-titre-lien.md",
             news('Voir <a href="javascript:alert(1)">ici</a>', "Texte."), "unsafe-html", 1),
        # elements that change the whole page
        Case("mk-base", "news/mk-base.md",
             news("Annonce", 'Texte.\n\n<base href="https://evil.example/">'), "unsafe-html", 8),
        Case("mk-meta-refresh", "news/mk-meta.md",
             news("Annonce", '<meta http-equiv="refresh" content="0;url=https://evil.example">'),
             "unsafe-html", 6),
        Case("mk-link-stylesheet", "news/mk-link.md",
             news("Annonce", '<link rel="stylesheet" href="https://evil.example/x.css">'),
             "unsafe-html", 6),
        # javascript: hidden
        Case("mk-tab-entity", "news/mk-tab.md",
             news("Annonce", 'Voir\n\n<a href="jav&#x09;ascript:alert(1)">le portail</a>'),
             "unsafe-html", 8),
        Case("mk-decimal-entities", "news/mk-entites.md",
             news("Annonce", '<a href="&#106;&#97;&#118;&#97;script:alert(1)">x</a>'),
             "unsafe-html", 6),
        Case("mk-split-line", "news/mk-coupure.md",
             news("Annonce", '<div><a href="java\nscript:alert(1)">x</a></div>'),
             "unsafe-html", 6),
        Case("mk-srcset", "news/mk-srcset.md",
             news("Annonce", 'Photo\n\n<img alt="x" src="a.png" '
                  'srcset="a.png 1x, javascript:alert(1) 2x">'), "unsafe-html", 8),
        Case("mk-style-url", "news/mk-style.md",
             news("Annonce", '<p style="background:url(javascript:alert(1))">x</p>'),
             "unsafe-html", 6),
        Case("mk-ontoggle", "news/mk-details.md",
             news("Annonce", '<details open ontoggle="alert(1)"><summary>x</summary></details>'),
             "unsafe-html", 6),
        Case("mk-form", "news/mk-form.md",
             news("Annonce", '<form action="javascript:alert(1)"><button>Envoyer</button></form>'),
             "unsafe-html", 6),
        # markup that is not allowed but harmless: removed, with a warning
        Case("mk-font", "news/mk-font.md",
             news("Annonce", 'Un mot <font color="red">rouge</font>.'), "html-not-allowed", 6),
        Case("mk-color-style", "news/mk-couleur.md",
             news("Annonce", '<p style="color: red">Attention</p>'), "html-not-allowed", 6),
        # markup inside code is text: only the real one, further down, is reported
        Case("mk-code-span-then-script", "news/mk-code.md",
             news("Annonce", "Écrivez `<script>` pour un script.\n\n<script>alert(1)</script>"),
             "unsafe-html", 8),
        Case("mk-stray-backtick", "news/mk-accent-grave.md",
             news("Annonce", "Un accent grave ` seul.\n\n<script>alert(1)</script>\n\nFin ` ici."),
             "unsafe-html", 8),
        Case("mk-fence-then-iframe", "news/mk-bloc.md",
             news("Annonce", '```html\n<iframe src="a.html"></iframe>\n```\n\n'
                  '<iframe src="https://x.fr"></iframe>'), "unsafe-html", 10),
        Case("mk-indented-then-onerror", "news/mk-retrait.md",
             news("Annonce", 'Exemple :\n\n    <img src=x onerror=alert(1)>\n\n'
                  '<img src="y.png" alt="y" onerror="alert(2)">'), "unsafe-html", 10),
    ]
