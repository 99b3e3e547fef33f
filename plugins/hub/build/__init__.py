"""The Pelican side of a build: reading, per-run state, writing, and the build's report.

Modules:
  state        `Run`, what one build knows, and `Kept`, what the preview keeps between runs
  reader       Pelican's Markdown reader fed by the corpus
  writer       one failing page never stops the others; writes only what is selected
  incremental  what a change touches (the preview server's quick runs)
  schedule     nothing from tomorrow and no draft is written (signals of every build)
  report       the build's French report of findings; settings validated at start
  timings      step timings for the benchmark script
"""
