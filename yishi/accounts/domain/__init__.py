"""Pure rules of signing in: one-time codes, rate limits and lockouts (no Django imports)."""
