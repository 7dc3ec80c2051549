"""The Streamlit app's pages; ``app.py`` wires them up.

Streamlit calls live only here and in ``app.py``; what a page computes lives in pure functions next
to it (``experiment_run``, ``experiment_view``, ``household_view``) or, for the lab pages, in the
human lab (:mod:`lab.humanlab`: scenario sheets, sessions, the response database, export, compare).

No layer of ``lab`` imports the app (``app.py`` wires the pages by their modules), so the package
has no public names.
"""

__all__: list[str] = []
