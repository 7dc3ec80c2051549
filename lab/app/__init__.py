"""The Streamlit app's pages; ``app.py`` wires them up.

Streamlit calls live only here and in ``app.py``; what a page computes lives in pure functions next
to it (``session``, ``responses``, ``compare``, ``experiment_view``, ``household_view``).
"""
