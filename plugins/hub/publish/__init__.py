"""Publishing: scheduled content, the refusing gate, atomic releases and rollback.

Modules:
  release  `invoke publish` and `invoke rollback`, and the build's scheduling signals
"""
