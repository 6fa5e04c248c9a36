"""Cases (办件): acceptance, the legal clock, notices, receipts and public progress."""
