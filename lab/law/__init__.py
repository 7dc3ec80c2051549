"""The law: the four toeslagen, their year parameters, the household situation they read.

Layer 1 (bottom). Imports nothing else from the package but ``lab`` (TOESLAGEN) and ``lab.errors``.
"""
