"""Pure law core: plain Python on numpy/scipy, no Django import."""
