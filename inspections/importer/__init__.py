"""Reading PEEL inspection reports into structured data (no Django here)."""
