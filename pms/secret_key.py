"""A checkout's own secret key, for a server started with none in its environment (`make run`)."""

import os
import secrets
from pathlib import Path


def local_secret_key(path: Path) -> str:
    """The key in `path`, created on first use (readable by its owner only); concurrent first starts agree."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()
