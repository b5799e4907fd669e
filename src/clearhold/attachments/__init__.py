"""Files attached to a problem's records (meeting minutes, photographs, letters received):
checked like every upload, personal data by default, audited when added and when downloaded."""
