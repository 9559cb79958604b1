"""The command line, one thin module per command over :mod:`scheduler.api`.

Kept empty of imports: the installed command's first step (:mod:`scheduler.cli.launch`)
must load nothing heavy before it can take a Ctrl-C.
"""
