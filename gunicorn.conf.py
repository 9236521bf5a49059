"""The web server's settings, read by gunicorn from the working directory (`make run`, the load benchmark).

WEB_WORKERS and WEB_THREADS override the process and thread counts.
"""
import os

# A page holds Python's GIL for most of its ~15 ms of CPU, so processes, not threads, let many
# users' pages run side by side: two per core keep both cores busy while one waits on the
# database or the network, and a slow page holds up one process's second thread only.
workers = int(os.environ.get("WEB_WORKERS") or min(2 * (os.cpu_count() or 1), 8))
threads = int(os.environ.get("WEB_THREADS") or 2)
worker_class = "gthread"
timeout = 60
# Ctrl-C stops `make run` within seconds even with a browser's keep-alive connection open.
graceful_timeout = 5
