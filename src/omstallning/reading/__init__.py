"""Reading: YAML with positions, schemas, the plan directory, git revisions."""
