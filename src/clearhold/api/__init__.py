"""The REST API: typed endpoints over the partnership's records, with the web's authorisation."""
