"""WSGI entry for gunicorn: ``gunicorn -w 4 -b 0.0.0.0:8000 wsgi:app``."""

import sys

from iphub.app import create_app
from store.config import ConfigError

try:
    app = create_app()
except ConfigError as error:  # one readable line in the gunicorn log, not a traceback
    sys.exit(f"iphub: configuration error: {error}")
