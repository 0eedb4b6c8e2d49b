"""Pages yield the media they embed: every kind of reference, absolute, once each, limited."""

from meldpunt.core.fetching.pages import decode_page, embedded_media

PAGE = """<!doctype html><html><head>
<meta property="og:image" content="/og.jpg">
<meta name="twitter:image" content="https://cdn.example.com/tw.png">
</head><body>
<img src="a.jpg"><img src="a.jpg"><img data-src="lazy.webp">
<img srcset="small.jpg 320w, big.jpg 1024w" src="medium.jpg">
<video poster="poster.png" src="clip.mp4"><source src="clip.webm" type="video/webm"></video>
<a href="gallery/photo.JPEG?size=l">photo</a> <a href="/about">about</a>
<img src="data:image/png;base64,AAAA"><img src="javascript:alert(1)"><img src="ftp://x.example.com/y.jpg">
<img src="b.png#frag">
</body></html>"""


def test_every_kind_of_reference_is_found_once_in_page_order():
    media = embedded_media(PAGE, "https://site.example.com/dir/page.html")
    assert media.urls == (
        "https://site.example.com/og.jpg",
        "https://cdn.example.com/tw.png",
        "https://site.example.com/dir/a.jpg",
        "https://site.example.com/dir/lazy.webp",
        "https://site.example.com/dir/medium.jpg",
        "https://site.example.com/dir/small.jpg",
        "https://site.example.com/dir/big.jpg",
        "https://site.example.com/dir/clip.mp4",
        "https://site.example.com/dir/poster.png",
        "https://site.example.com/dir/clip.webm",
        "https://site.example.com/dir/gallery/photo.JPEG?size=l",
        "https://site.example.com/dir/b.png",
    )
    assert media.left_out == 0


def test_base_href_is_honoured():
    media = embedded_media(
        '<base href="https://img.example.org/x/"><img src="p.jpg">', "https://a.example.com/"
    )
    assert media.urls == ("https://img.example.org/x/p.jpg",)


def test_the_per_page_limit_cuts_and_counts():
    html = "".join(f'<img src="/{n}.jpg">' for n in range(250))
    media = embedded_media(html, "http://example.com/", limit=100)
    assert len(media.urls) == 100 and media.left_out == 150
    assert media.urls[0] == "http://example.com/0.jpg"


def test_broken_html_and_odd_charsets_do_not_fail():
    assert embedded_media("<img src='x.png' <<<< <a href=>", "http://example.com/").urls == (
        "http://example.com/x.png",
    )
    assert (
        decode_page("caf\u00e9".encode("latin-1"), "text/html; charset=ISO-8859-1") == "caf\u00e9"
    )
    assert decode_page(b"\xff\xfe<", "text/html; charset=nonsense") == "\ufffd\ufffd<"


def test_markup_the_parser_chokes_on_keeps_what_came_before_and_quotes_nothing():
    page = '<img src="/before.jpg"><![SECRETCONTENTWORD[ x ]]><img src="/after.jpg">'
    media = embedded_media(page, "https://example.com/page")
    assert media.urls[:1] == ("https://example.com/before.jpg",)
