"""The Forum Perangkat Daerah layer: matching, decisions, pagu, overlap and lineage."""
