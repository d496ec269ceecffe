"""Serving the web desk with uvicorn, and opening the browser when there is a screen."""

from __future__ import annotations

import os
import sys
import threading
import webbrowser

from pipeline.workspace.paths import Workspace

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def is_local(host: str) -> bool:
    return host in LOCAL_HOSTS


def has_display() -> bool:
    """Whether a browser can open here: on Linux only with an X or Wayland display."""
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def url_for(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def serve(workspace: Workspace, host: str, port: int, open_browser: bool) -> None:
    """Run until interrupted (Ctrl+C)."""
    import uvicorn

    from pipeline.web.app import create_app

    app = create_app(workspace)
    if open_browser and has_display():
        threading.Timer(1.5, webbrowser.open, (url_for(host, port),)).start()
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        server_header=False,
        proxy_headers=False,
        timeout_graceful_shutdown=5,
    )
