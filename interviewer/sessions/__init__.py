"""Sessions on disk: :mod:`.store` (one private folder per mock), :mod:`.index` (the folder of them),
:mod:`.files` (private, atomic writes), :mod:`.history` (rows and trends over time)."""
