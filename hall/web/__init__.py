"""The web layer: the API blueprint, JSON helpers, input guard, rate limits, log masking."""
