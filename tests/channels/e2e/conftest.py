"""End-to-end channel tests use the session's `channel_fakes` and `desk_stack`
(tests/fixtures): the stack's desk app talks to the fakes through the real SDKs."""
