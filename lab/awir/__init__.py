"""The Awir procedure: voorschot year, definitieve toekenning, collection and cash flow.

Layer 2. Imports only the law layer (and ``lab``, ``lab.errors``).
"""
