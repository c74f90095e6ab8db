"""The single place where settings read the environment."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local `.env` is optional; real deployments set the environment.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
