"""Reading and checking a content folder, with no Pelican object: what the build and
`invoke check` both start from.

Modules, in the order a scan runs:
  header      decoding a source file and splitting its `Key: value` header
  metadata    typed values and findings for one file's header
  mailaddress one e-mail address read by Python's parser: one recipient, no line break,
              no header in disguise (Owner, addresses in Support and Access, mailto: links)
  corpus      every source of a content folder, indexed and cross-checked (`scan`)
  collisions  where each item will be written: reserved addresses, two items on one file,
              file-system limits, tags without an address
  links       the short link forms `{service}slug`…, rewritten to Pelican's `{filename}`
  sanitize    safe HTML: one detection for build and checker, nh3 output
  statics     only safe files leave content/images/ (SVG cleaned, other kinds refused)
"""
