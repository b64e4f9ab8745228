"""Pieces every feature shares: time handling, security headers, language, errors, health."""
