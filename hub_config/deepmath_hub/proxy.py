"""configurable-http-proxy (the PyPI build) with room for a whole class at once.

The PyPI proxy forwards through tornado's default HTTP client, which runs at most 10 requests
at a time and fails the others with "503 Timeout in request queue" after 20 s: 50 students
spawning together got 14 such errors (bench/hub_bench.py). Same proxy, bigger client pool;
JupyterHub appends its usual ``--ip/--port/--api-port...`` arguments to this command.
"""

import os

from tornado.httpclient import AsyncHTTPClient

MAX_CLIENTS = int(os.environ.get("DEEPMATH_PROXY_MAX_CLIENTS", "512"))

if __name__ == "__main__":
    AsyncHTTPClient.configure(None, max_clients=MAX_CLIENTS)
    from configurable_http_proxy.cli import main

    main()
