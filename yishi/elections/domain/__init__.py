"""Pure rules of the elections step: no Django import."""
