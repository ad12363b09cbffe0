"""strive on the web: FastAPI + Jinja2 + htmx over the same database as the CLI.

Start it with ``strive serve``; build it in code with
:func:`strive.web.app.create_app`. See docs/web.md.
"""
