"""Settings for the whole suite."""

from hypothesis import settings

# The same examples on every run, so a red CI is reproducible and never a coin toss; `--hypothesis-profile dev`
# explores new ones.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("dev")
settings.load_profile("ci")
