"""Partner lectures, exchange meetings and other events: publishing, registration with capacity and waitlist."""
