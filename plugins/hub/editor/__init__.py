"""The writers' web editor (Decap CMS): its configuration, drawn from the content model,
the custom format that reads and writes the contract's Pelican header, and the local
server behind `invoke edit`. Pelican never loads this package; the editor is never part
of the published site.
"""
