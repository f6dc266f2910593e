"""The gateway's long-lived parts in one typed object, kept once on `app.state.gateway`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import HTTPConnection

from bot.gateway.delivery import ChannelSender
from bot.gateway.flow import MessageFlow
from bot.gateway.ordering import SerialQueues
from bot.gateway.workers import DeliveryWorker

if TYPE_CHECKING:  # a channel's setup is imported only when it is configured
    from bot.channels.line.setup import LineChannel
    from bot.channels.telegram.setup import TelegramChannel


@dataclass(frozen=True)
class Gateway:
    sessions: async_sessionmaker[AsyncSession]
    flow: MessageFlow
    # One in-order queue per citizen for the answers push channels send in the background.
    queues: SerialQueues
    delivery_worker: DeliveryWorker
    # The push channels' senders by channel name; the web chat has none (the page polls).
    senders: Mapping[str, ChannelSender]
    # A channel without credentials is None (its webhook is not mounted).
    line: LineChannel | None = None
    telegram: TelegramChannel | None = None


def gateway_of(holder: HTTPConnection | FastAPI) -> Gateway:
    """The running app's gateway, from a request (or websocket) or the app itself."""
    app = holder.app if isinstance(holder, HTTPConnection) else holder
    gateway = getattr(app.state, "gateway", None)
    if not isinstance(gateway, Gateway):
        raise RuntimeError("the gateway is not running: start the app's lifespan first")
    return gateway
