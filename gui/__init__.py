"""The desktop window and the command line: the only package that imports Qt (and only lazily)."""
