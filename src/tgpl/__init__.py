"""tgpl — a domain SDK for Vietnam's State legal aid (trợ giúp pháp lý)."""

__version__ = "0.1.0"
