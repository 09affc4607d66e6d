"""Writes: small functions named <thing>_<action>, each in one transaction."""
