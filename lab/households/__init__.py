"""Households: the synthetic population, income paths, traits and decisions, random streams.

Layer 3. Imports only the law and Awir layers (and ``lab``, ``lab.errors``, ``lab.valuefile``).
"""
