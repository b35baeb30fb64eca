"""`streamlit run serve.py` (make run): the dashboard, app.py, with its server made ready
before its first reader. As the server starts, before it takes a request, it imports what the
pages import and opens the database and its own records (ui/ready.py), which a fresh process
otherwise does inside the first reader's first page. `streamlit run app.py` serves the same
app, the first page paying for that."""

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
