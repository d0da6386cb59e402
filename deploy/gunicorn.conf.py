"""Gunicorn's settings for Lianxin: `make demo`, `make serve` and deploy/lianxin-web.service.

    gunicorn -c deploy/gunicorn.conf.py

Every setting can be changed from the environment (the systemd unit reads /etc/lianxin/lianxin.env).
"""

import os

wsgi_app = "lianxin.wsgi:application"


def cores() -> int:
    """The cores this process may run on (a container's or a CPU set's limit, not the host's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def web_workers(cores: int, cap: int = 16) -> int:
    """Sync workers: 2 per core + 1 (one waits on the database while another computes), capped so
    that the database connections stay bounded: each worker keeps one open (CONN_MAX_AGE 60s), and
    PostgreSQL's default max_connections (100) must also serve the task workers and other machines."""
    return max(1, min(2 * cores + 1, cap))


bind = os.environ.get("LIANXIN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("LIANXIN_WEB_WORKERS") or web_workers(cores()))
# A request longer than this is ended and its worker replaced (the big Excel exports take seconds).
timeout = int(os.environ.get("LIANXIN_WEB_TIMEOUT", "120"))
graceful_timeout = 30
# A worker is replaced after this many requests (jittered so they do not all restart at once): any
# slow growth of a worker's memory is bounded.
max_requests = int(os.environ.get("LIANXIN_WEB_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# Behind a reverse proxy on this machine: its X-Forwarded-* headers are trusted (the app's own
# HTTPS settings decide what it makes of them; see README, "Production").
forwarded_allow_ips = os.environ.get("LIANXIN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Errors to stderr (the service manager keeps them); the access log is the proxy's, unless asked.
errorlog = "-"
accesslog = os.environ.get("LIANXIN_ACCESS_LOG") or None
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
proc_name = "lianxin"
# gunicorn's control socket (gunicornc) would sit in the account's home, shared by every gunicorn it
# runs (a demo beside a test run); Lianxin does not use it.
control_socket_disable = True
