"""The deepmath course hub: JupyterHub + nbgrader on one machine (``make hub``).

Modules, one concept each:

- ``settings``  -- every knob of the local hub, one dataclass read from the environment
- ``roster``    -- the course roster (CSV: username,role,first_name,last_name,email)
- ``accounts``  -- one Unix account per roster member, role groups, initial passwords
- ``provision`` -- the course directory, the nbgrader exchange and the per-role Jupyter config
- ``kernels``   -- the students' kernels, and the GPU kernel when an NVIDIA GPU is visible
- ``hubconf``   -- ``jupyterhub_config.py``'s content: authenticator, spawner, roles, culler
- ``control``   -- ``python -m deepmath_hub run|stop|status|setup`` (what ``make hub`` calls)
"""

__all__ = ["accounts", "control", "hubconf", "kernels", "provision", "roster", "settings"]
