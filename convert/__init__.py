"""unres: read UN resolutions from messy text, write canonical Akoma Ntoso 3.0, emit other formats."""

from ._compiled import choose as _choose

__version__ = "0.1.0"

#: "compiled" or "sources": which copy of the reading hot path this process runs (see convert/_compiled.py)
RUNNING = _choose()
