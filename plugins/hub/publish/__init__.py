"""Publishing: the refusing gate, atomic releases and rollback.

Modules:
  gate     a release built in a child process, then checked: what refuses a publish
  release  `invoke publish` and `invoke rollback`: target, lock, atomic switch, rollback
"""
