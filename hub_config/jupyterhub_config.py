"""JupyterHub config of the deepmath course hub (started by ``make hub``).

Everything is in ``deepmath_hub/hubconf.py``; the knobs are ``DEEPMATH_HUB_*`` environment
variables (``deepmath_hub/settings.py``). Run it through ``python -m deepmath_hub run``, which
lays out accounts, course and exchange first.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from deepmath_hub.hubconf import configure  # noqa: E402
from deepmath_hub.settings import HubSettings  # noqa: E402

configure(get_config(), HubSettings.from_env())  # noqa: F821
