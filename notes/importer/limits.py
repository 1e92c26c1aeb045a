"""Resource limits for reading, decoding, parsing and rendering imported files.

Every number a hostile file could push on (bytes, zip entries, nesting depth, render time) is bounded
here, in one frozen object the pipeline passes down, so a test or a command can tighten them.
"""

from __future__ import annotations

from dataclasses import dataclass

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True)
class ImportLimits:
    """Upper bounds applied while importing; exceeding one fails that file (or that archive)."""

    # One summary file, loose or inside a zip: real ones are under 100 KiB, and extraction of a
    # hostile 1-2 MiB body already takes seconds, so 2 MiB is generous and bounded.
    max_file_bytes: int = 2 * MIB
    max_export_bytes: int = 64 * MIB  # a .json kb export may be far bigger than one summary
    max_zip_entries: int = 500
    max_zip_total_bytes: int = 50 * MIB  # uncompressed bytes actually read from one archive
    max_zip_ratio: int = 100  # uncompressed / compressed size of one entry
    max_front_matter_bytes: int = 64 * KIB
    max_front_matter_depth: int = 20  # nesting of mappings/lists
    max_front_matter_nodes: int = 10_000  # scalars + collections after alias expansion
    max_render_seconds: float = 5  # wall clock for one markdown-to-HTML render
    max_markdown_bytes: int = 2 * MIB  # UTF-8 size of the markdown handed to the renderer
    # Structure (notes/importer/structure.py): real notes have under 1,000 blocks, 60 links and
    # quotes one level deep; extraction and rendering cost about a millisecond per block.
    max_markdown_blocks: int = 2_500
    max_markdown_links: int = 2_000
    max_quote_depth: int = 16

    def max_bytes_for(self, name: str) -> int:
        """The size limit for a file of this name (exports get the larger allowance)."""
        return self.max_export_bytes if name.lower().endswith(".json") else self.max_file_bytes


DEFAULT_LIMITS = ImportLimits()
