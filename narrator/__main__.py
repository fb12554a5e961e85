"""``python -m narrator``: the same as the ``narrator`` command."""

import sys

from .cli import main

sys.exit(main())
