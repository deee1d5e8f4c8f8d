"""``python -m cleanscrape`` runs the command."""

from .cli import run

run()
