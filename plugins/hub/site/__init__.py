"""The pages that gather content across types, and what every page's text goes through.

Modules:
  xrefs       relations between published items (a service's stories, …), built once
  pages       catalogue, glossary, audiences, listings, tags, search page
  glossary    the first use of each glossary term in a body links to its entry
  typography  French spacing in rendered text
"""
