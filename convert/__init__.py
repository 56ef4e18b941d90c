"""unres: read UN resolutions from messy text, write canonical Akoma Ntoso 3.0, emit other formats."""

__version__ = "0.1.0"
