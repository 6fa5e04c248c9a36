"""QR codes as inline SVG (the qrcode library), sized by CSS."""
import re

import qrcode
import qrcode.image.svg

_SIZE = re.compile(r'\s(width|height)="[^"]*"')


def qr_svg(text: str) -> str:
    """An SVG QR code of `text` without fixed size, for pages and print."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2,
                        error_correction=qrcode.constants.ERROR_CORRECT_M)
    svg = image.to_string(encoding="unicode")
    return _SIZE.sub("", svg, count=2).replace("<svg", '<svg role="img" aria-label="二维码"', 1)
