"""The core: configuration, the database and its helpers, the clock, errors."""
