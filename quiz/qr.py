"""A join link (a class's or a live game's) as a QR code, drawn on the server as inline SVG: no
script, no CDN. The page's CSS gives it its size."""

import segno
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


def svg(url: str, css_class: str = "qr") -> str:
    code = segno.make(url, error="m")
    # segno writes the SVG itself from a URL we built: nothing a visitor typed goes into it.
    return mark_safe(  # noqa: S308
        code.svg_inline(
            scale=6,
            dark="#111",
            light="#fff",
            title=_("QR code of the join link"),
            svgclass=css_class,
            lineclass=None,
            omitsize=True,
        )
    )
