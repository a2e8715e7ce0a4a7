"""Renderings of records for people and programs: markdown.py and html.py (a brief with numbered
citations), json.py (a brief as JSON-ready data), article.py (one clean article).

Submodules are imported directly (``from newsfuse.render.html import render_html``), so importing
the package does not load Jinja2.
"""
