"""Administration: who holds which role. Each feature adds its own admin pages in its own package."""
