"""Public testing kit (``tgpl.testing``): Hypothesis strategies, a plugin conformance kit, a pytest plugin."""
