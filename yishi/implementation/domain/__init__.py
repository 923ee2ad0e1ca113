"""Pure rules of the implementation step: no Django import."""
