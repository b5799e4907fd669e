"""The global search in the header: problems, sites, closures, people and documents a user may
open, found through the read model and the rules."""
