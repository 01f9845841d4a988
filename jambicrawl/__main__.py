"""``python -m jambicrawl``."""

import sys

from jambicrawl.cli.main import main

sys.exit(main())
