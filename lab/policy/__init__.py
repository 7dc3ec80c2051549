"""Policy: what each arm offers (control, voorzichtig, instelbaar) and the interventions.

Layer 4. Imports the law, Awir and households layers.
"""
