# tebiki's own messages in English. Every message here has a twin in ja.ftl with the same
# variables (a unit test checks). Ids of diagnostic messages start with their code.

explain-pointer = explain: tebiki explain { $code }

## tebiki explain

explain-unknown = there is no diagnostic code '{ $code }'
explain-did-you-mean = did you mean '{ $code }'? Run: tebiki explain { $code }
explain-see-list = tebiki explain --list shows every code
severity-error = error
severity-warning = warning

## docs/diagnostics.md

reference-title = Diagnostic codes
reference-generated = Generated from src/diagnostics/explanations/en.md by the test reference_pages_are_up_to_date; regenerate with: TEBIKI_BLESS=1 cargo test --test it reference_pages
reference-intro = Every problem tebiki reports has a code, printed as `error[code]` or `warning[code]`. `tebiki explain CODE` prints the same explanation in the terminal; `tebiki explain --messages ja CODE` prints it in Japanese ([日本語版](diagnostics.ja.md)). The severity shown is the default; some settings change it (for example `[check] links`).
reference-code = Code
reference-severity = Severity

## Shared pieces

did-you-mean = did you mean '{ $suggestion }'?
# How a message names a link: $kind is image, bare (no link text) or text.
link-what = { $kind ->
    [image] the image '{ $written }'
    [bare] the link '{ $written }'
   *[text] the link '{ $text }' ({ $written })
}

## Links, anchors and images (check/)

broken-anchor = '#{ $anchor }' does not exist on { $page }
broken-anchor-help = link to one of the page's headings, or give the heading you meant the id: ## … {"{"}#{ $anchor }{"}"}
broken-anchor-other-language = '#{ $anchor }' exists in { $file }; the translations should use the same ids
broken-anchor-other-language-note = { " " }('#{ $anchor }' exists in { $file }; the translations should use the same ids)
hidden-anchor = '#{ $anchor }' is inside a block hidden on this site (if=…), so { $page } has no such place
hidden-anchor-help = remove the link, or put it inside a block with the same if= condition
broken-link-outside = { link-what } points outside the site
broken-link-outside-help = link to a page or file inside content/ (site paths start with '{ $base }'); if it is a page of the host site, list its folder in site.toml under [links] host_paths
broken-link-raw-html = { link-what }: raw HTML links are used as written, and there is no file '{ $wanted }' in the built site
broken-link-raw-html-help = use a Markdown link [text]({ $written }) or the page's address '{ $address }'
broken-link-no-page = { link-what }: the page content/{ $path } does not exist
broken-link-no-file = { link-what }: the file content/{ $path } does not exist
broken-link-not-published = { link-what }: nothing is published at '{ $address }'
broken-link-help = link to a Markdown file by its path from { $folder }, e.g. [text](faq.md), or remove the link
missing-image-help = put the image file in { $folder } (or fix the name), or remove the image
link-to-alias = { link-what } goes to '{ $old }', an old address that only redirects to content/{ $target }
link-to-alias-help = link to the page itself: '{ $written }' (published at '{ $url }')
empty-alt = the image '{ $written }' has no alt text
empty-alt-help = describe what the image shows for readers who cannot see it: ![QR code on the sign-in screen](qr.png)
empty-alt-html = the image '{ $written }' has no alt attribute
empty-alt-html-help = add alt="…" describing the image, or alt="" if it is only decoration
