"""Application functions: what a command, a web handler or an import calls to get one
report. Each takes plain values (a plan folder, an ID, a date) and returns report data for a
format to write; none prints, exits or knows about Typer. What goes wrong is raised as
reading.errors' UsageError (exit 2) or InvalidPlans (exit 1)."""
