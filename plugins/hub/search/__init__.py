"""Static search: the Pagefind index built after the site, made byte-identical.

Modules:
  index         runs Pagefind on the built site (French, with filters)
  reproducible  Pagefind's filter files made stable, so two builds are identical
  vocabulary    the site's own words, for the search page's corrections
"""
