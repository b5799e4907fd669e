"""Pure analysis core: plain Python on numpy/scipy, no Django import."""
