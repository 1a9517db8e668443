"""Sources → page tables (the intermediate type in `model`) → logical tables (`merge`)."""
