"""Back ends of the invoke tasks that Pelican never loads while building.

Modules:
  preview   `invoke livereload`: the preview server that rewrites only what a change touches
  stamp     `invoke build` with nothing changed does nothing
  scaffold  `invoke new-…`: pre-filled files from the content model
  guide     `invoke docs`: the key reference generated from the content model
  errorlog  where the detail of an unexpected failure goes (one French sentence on screen)
"""
