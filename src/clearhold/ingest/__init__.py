"""Pure ingest core: plain Python on numpy/scipy, no Django import."""
