"""`python -m convert` runs the unres command line."""

import sys

from .cli import main

sys.exit(main())
