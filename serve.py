"""`streamlit run serve.py` (make run): the dashboard, app.py, on a server made ready as it
starts (ui/ready.py), so its first reader's page does not pay for the process's start.
`streamlit run app.py` serves the same app without that."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st


@asynccontextmanager
async def _ready_first(_app: st.App) -> AsyncIterator[None]:
    from ui.ready import make_ready  # here, once Streamlit's runtime has started: its caches

    await asyncio.to_thread(make_ready)
    yield


app = st.App("app.py", lifespan=_ready_first)
