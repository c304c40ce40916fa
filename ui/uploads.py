"""What every photo uploader of the app accepts: one list, used by each ``st.file_uploader``.

The extensions drive the browser's file picker. The MIME types matter on the server: with any
MIME type in ``type=``, Streamlit skips its own server-side extension check, which otherwise
raises a traceback (before any page code runs) for a client that sends e.g. an ``.svg``;
core.photo.images then refuses such a file by its content, with a message. The hostile upload gate
(tests/hostile/test_hostile_uploads.py) finds every uploader and checks it uses this list.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.base.text import md_escape
from core.photo.images import UPLOAD_EXTENSIONS, ImageError, check_upload_size
from ui.i18n import msg

UPLOAD_MIME_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif", "image/bmp",
                     "image/tiff")
UPLOAD_TYPES = [*UPLOAD_EXTENSIONS, *UPLOAD_MIME_TYPES]


def checked_bytes(file, message: Callable[[str], str]) -> bytes | None:
    """An uploaded file's bytes once its size passed the server's own check (the browser's
    limit is not enforced on the server); else ``message(reason)`` in the page and None."""
    try:
        check_upload_size(file.size)
    except ImageError as err:
        st.error(message(md_escape(msg(err))), icon=":material/error:")
        return None
    return file.getvalue()
