"""Every route dependency of the desk app is a coroutine: FastAPI runs a plain `def`
dependency in its thread pool, a thread hop on every request (py-spy found three per
action-server API call)."""

import inspect
from collections.abc import Iterator
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from api.core.config import Settings
from desk.app import create_app


def dependencies(dependant: Dependant) -> Iterator[Dependant]:
    for sub in dependant.dependencies:
        yield sub
        yield from dependencies(sub)


def api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every APIRoute, through included routers (FastAPI keeps them as they were given)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif (included := getattr(route, "original_router", None)) is not None:
            yield from api_routes(included.routes)


def runs_in_a_thread(call: Any) -> bool:
    if inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call):
        return False
    # An instance (HTTPBearer) counts by its __call__ method.
    return not (callable(call) and inspect.iscoroutinefunction(type(call).__call__))


def test_no_route_dependency_runs_in_the_thread_pool() -> None:
    # Routes only: nothing connects, so no database is needed.
    app = create_app(Settings(service_token="t" * 32, session_secret="s" * 32))
    routes = list(api_routes(app.routes))
    assert len(routes) > 50
    threaded = sorted(
        {
            f"{getattr(sub.call, '__module__', '?')}.{getattr(sub.call, '__qualname__', sub.call)}"
            for route in routes
            for sub in dependencies(route.dependant)
            if sub.call is not None and runs_in_a_thread(sub.call)
        }
    )
    assert threaded == []
