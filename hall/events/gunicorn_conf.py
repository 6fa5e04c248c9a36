"""gunicorn settings of the stream process, the one that serves /api/v1/events.

    gunicorn -c hall/events/gunicorn_conf.py

(given as a file, not `python:hall.events...`, so the master does not import the app.)
The application is the slim one of hall/events/server.py.

The gevent worker makes every open stream a greenlet: thousands cost megabytes, not
threads, and the journal poller is a greenlet beside them (psycopg waits cooperatively
under gevent; SQLite reads of the journal take well under a millisecond). One worker is
enough for the whole hall and keeps the per-address cap exact (see README). Options given
on the command line win over these.
"""
import resource

wsgi_app = "hall.events.server:create_stream_app()"
bind = ["127.0.0.1:8001"]
worker_class = "gevent"
workers = 1
worker_connections = 10_000   # open streams one worker accepts at once
timeout = 30
graceful_timeout = 5          # streams never finish by themselves: do not wait for them long
keepalive = 5
control_socket_disable = True  # the main application's gunicorn may own the default path


def raise_open_files_limit() -> int:
    """Every stream is a socket: lift the soft limit of open files to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 65_536)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    return soft


def on_starting(server) -> None:
    server.log.info("stream process: up to %s open files", raise_open_files_limit())
