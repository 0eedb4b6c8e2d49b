"""Hostile page snippets: each tries to run script or load something from outside."""

PAGE_URL = "https://site.example/dir/page.html"
CAPTURED = "https://site.example/dir/captured.jpg"
LOCAL_PATH = "/viewer/items/5/blurred"
MEDIA = {CAPTURED: LOCAL_PATH}

HOSTILE = {
    "script": "<script>alert(1)</script><p>text</p>",
    "script in body attribute": '<body onload="alert(1)"><p>text</p></body>',
    "onerror": '<img src="x.png" onerror="alert(1)">',
    "event on any tag": '<x onclick="alert(1)">click</x>'
    '<details open ontoggle="alert(1)">d</details>',
    "javascript link": '<a href="javascript:alert(1)">go</a>',
    "javascript link, obfuscated": '<a href="JaVaScRiPt&colon;alert(1)">go</a>'
    '<a href="&#x6A;avascript:alert(1)">go</a><a href=" java\tscript:alert(1)">go</a>',
    "data link": '<a href="data:text/html,<script>alert(1)</script>">d</a>',
    "data image": '<img src="data:image/png;base64,iVBORw0KGgo=">',
    "style url()": '<div style="background:url(https://evil.example/a.png)">x</div>',
    "style element": "<style>@import url(https://evil.example/s.css);"
    "body{background:url(//evil.example/b.png)}</style><p>text</p>",
    "stylesheet link": '<link rel="stylesheet" href="https://evil.example/s.css">'
    '<link rel="prefetch" href="https://evil.example/p">',
    "srcset": '<img srcset="https://evil.example/a.png 1x, //evil.example/b.png 2x">',
    "picture source": '<picture><source srcset="https://evil.example/p.webp"><img></picture>',
    "base": '<base href="https://evil.example/"><img src="a.png"><a href="b.html">b</a>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "svg with script": "<svg><script>alert(1)</script>"
    '<image href="https://evil.example/a.png"/></svg>',
    "svg onload": '<svg onload="alert(1)"><circle r="4"/></svg>',
    "math mutation": "<math><mi><style><img src=x onerror=alert(1)></style></mi></math>",
    "noscript mutation": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "iframe": '<iframe src="https://evil.example/"></iframe><iframe srcdoc="<script>1</script>">',
    "object and embed": '<object data="https://evil.example/x.swf">'
    '<param name="movie" value="https://evil.example/m"></object>'
    '<embed src="https://evil.example/e.swf">',
    "frameset": '<frameset><frame src="https://evil.example/f"></frameset>',
    "form": '<form action="https://evil.example/"><input type="image" src="https://evil.example/i">'
    '<button formaction="https://evil.example/b">Go</button></form>',
    "video and audio": '<video poster="https://evil.example/p.jpg" src="https://evil.example/v.mp4">'
    '<track src="https://evil.example/t.vtt"></video><audio src="https://evil.example/a.mp3">',
    "background attributes": '<body background="https://evil.example/b.png">'
    '<table background="https://evil.example/t.png"><tr><td background="/c.png">cell</td>'
    "</tr></table></body>",
    "protocol-relative image": '<img src="//evil.example/a.png">',
    "backslash image": '<img src="/\\evil.example/a.png">',
    "tracking pixel": '<img src="https://evil.example/p.gif" width="1" height="1">',
    "lowsrc": '<img src="x" lowsrc="https://evil.example/l.png" dynsrc="https://evil.example/d">',
    "ping": '<a href="https://evil.example/" ping="https://evil.example/ping">p</a>',
    "cite": '<blockquote cite="https://evil.example/">q</blockquote>'
    '<q cite="https://evil.example/">q</q><del cite="https://evil.example/">d</del>',
    "xlink": '<a xlink:href="https://evil.example/" xmlns:xlink="http://www.w3.org/1999/xlink">x</a>',
    "template": '<template><img src="https://evil.example/t.png"></template>',
    "image alias": '<image src="https://evil.example/i.png">',
    "comment": "<!-- <img src=https://evil.example/c.png> --><p>text</p>",
    "forged viewer markup": f'<img class="page-image" data-item="{LOCAL_PATH}" '
    'src="https://evil.example/x.png"><span class="page-link" data-item="/x">s</span>',
    "area map": '<map name="m"><area href="https://evil.example/" shape="rect"></map>',
    "inline svg image data": '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    "unclosed": '<p>text<img src="https://evil.example/u.png"<script>alert(1)',
}

# No such tag may be left: each runs, loads, embeds, submits or takes over the page.
FORBIDDEN_TAGS = frozenset(
    {
        *("script", "style", "link", "meta", "base", "iframe", "frame", "frameset", "object"),
        *("embed", "param", "applet", "form", "input", "button", "select", "textarea", "svg"),
        *("math", "video", "audio", "source", "track", "picture", "template", "a", "area", "map"),
        *("image", "body", "html", "head", "noscript"),
    }
)
