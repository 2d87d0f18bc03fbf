"""``python -m deepmath_hub run|stop|status|setup|release`` (PYTHONPATH=hub_config)."""

import sys

from .control import main

sys.exit(main())
