pytest_plugins = [
    "tests.fixtures.database",
    "tests.fixtures.app",
    "tests.fixtures.channels",
    "tests.fixtures.stack",
    "tests.fixtures.browser",
    "tests.fixtures.staff",
]
