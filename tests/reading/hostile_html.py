"""A corpus of hostile HTML bodies: each tries to run script, leave the sandbox or load from the canary."""

PAYLOADS = {
    "script": "<script>window.__pwned=1;top.__pwned=1;alert(1)</script>",
    "img-onerror": "<img src=x onerror=\"top.__pwned=1;alert(1)\">",
    "svg-onload": "<svg onload=\"top.__pwned=1;alert(1)\"><circle r=10></circle></svg>",
    "svg-script": "<svg><script>top.__pwned=1</script></svg>",
    "svg-image": "<svg><image href=\"{canary}/svg-image.png\"></image></svg>",
    "body-onload": "<body onload=\"top.__pwned=1\">hi</body>",
    "iframe": "<iframe src=\"{canary}/iframe\"></iframe>",
    "iframe-srcdoc": "<iframe srcdoc=\"<script>top.__pwned=1</script>\"></iframe>",
    "iframe-data": "<iframe src=\"data:text/html,<script>top.__pwned=1</script>\"></iframe>",
    "object": "<object data=\"{canary}/object\"></object>",
    "embed": "<embed src=\"{canary}/embed\">",
    "link-css": "<link rel=\"stylesheet\" href=\"{canary}/style.css\">",
    "link-prefetch": "<link rel=\"prefetch\" href=\"{canary}/prefetch\">",
    "style-import": "<style>@import url({canary}/import.css);</style>",
    "style-background": "<div style=\"background-image:url({canary}/bg.png);width:50px;height:50px\">x</div>",
    "style-tag-bg": "<style>body{{background:url({canary}/body-bg.png)}}</style>",
    "table-background": "<table background=\"{canary}/table.png\"><tr><td>x</td></tr></table>",
    "td-background": "<table><tr><td background=\"{canary}/td.png\">x</td></tr></table>",
    "meta-refresh": "<meta http-equiv=\"refresh\" content=\"0;url={canary}/refresh\">",
    "base-href": "<base href=\"{canary}/\"><img src=\"relative.png\">",
    "form": "<form action=\"{canary}/form\" method=\"post\"><input name=a value=b autofocus "
            "onfocus=\"top.__pwned=1\"><button>Go</button></form>",
    "input-image": "<input type=\"image\" src=\"{canary}/input.png\">",
    "video": "<video poster=\"{canary}/poster.png\" src=\"{canary}/video.mp4\"></video>",
    "audio": "<audio src=\"{canary}/audio.mp3\" autoplay></audio>",
    "img-srcset": "<img srcset=\"{canary}/srcset.png 1x\">",
    "picture": "<picture><source srcset=\"{canary}/source.png\"><img src=\"{canary}/picture.png\"></picture>",
    "remote-img": "<p>Tracking pixel:</p><img src=\"{canary}/pixel.gif\" width=1 height=1>",
    "javascript-href": "<a href=\"javascript:top.__pwned=1\" id=js>click</a>",
    "data-img": "<img src=\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' "
                "onload='top.__pwned=1'/>\">",
    "math": "<math><mtext><table><mglyph><style><img src=x onerror=\"top.__pwned=1\"></style></mglyph></table>"
            "</mtext></math>",
    "noscript-mxss": "<noscript><p title=\"</noscript><img src=x onerror=top.__pwned=1>\"></noscript>",
    "template": "<template><img src=x onerror=\"top.__pwned=1\"></template>",
    "css-expression": "<div style=\"width:expression(top.__pwned=1)\">ie</div>",
    "font-face": "<style>@font-face{{font-family:x;src:url({canary}/font.woff)}} p{{font-family:x}}</style><p>f</p>",
    "xlink": "<svg><a xlink:href=\"javascript:top.__pwned=1\"><text y=20>x</text></a></svg>",
    "overlay": "<div style=\"position:fixed;top:0;left:0;width:100%;height:100%;z-index:99999\">overlay</div>",
}
CONTROL = "remote-img"
