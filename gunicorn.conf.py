"""gunicorn settings for the PEEL tracker's app servers: `gunicorn -c gunicorn.conf.py`.

Everything comes from the environment (docs/deployment.md):

- `GUNICORN_BIND` (default `127.0.0.1:8000`; behind the TLS proxy, the address it reaches)
- `GUNICORN_WORKERS` (default: 2 per CPU core, plus 1), `GUNICORN_THREADS` (default 1)
- `GUNICORN_TIMEOUT` (seconds a request may take, default 60; exports stream well within it)

The app is `peel.wsgi` (production settings: DEBUG off). Requests are logged to stdout.
"""

import os

import gunicorn.http.wsgi

wsgi_app = "peel.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Restart each worker now and then, with jitter, so that a slow leak can never build up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# Load the app before forking: workers share its memory and a broken app fails at start.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The TLS proxy in front sets X-Forwarded-*: only trust it from these addresses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Do not name the server software: gunicorn writes a `Server` header of its own on every
# response (no setting turns it off), so give it a neutral value.
gunicorn.http.wsgi.SERVER = "peel-tracker"
