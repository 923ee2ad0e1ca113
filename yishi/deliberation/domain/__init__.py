"""Pure rules of the deliberation step: no Django import."""
