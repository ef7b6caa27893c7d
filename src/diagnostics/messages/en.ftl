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

## Directives (markdown/directives/)

bad-directive-attribute = unknown attribute '{ $name }={ $value }'
bad-directive-attribute-help = attributes are #id, .class, if=name, if=!name, if="name == value" and open (alt="…" is for ::: screenshot)
unknown-directive = unknown block kind '{ $kind }'
unknown-directive-help = the kinds are: { $kinds }
bad-condition = if={ $name } needs a true/false value, but { $name } is '{ $value }'
bad-condition-help = compare it instead: if="{ $name } == { $value }", or set { $name } to true or false
unknown-condition = unknown parameter '{ $name }' in if=
unknown-condition-help-include = pass it to the include ({ $name }=…), or set it under params: in the page or [params] in site.toml
unknown-condition-help = add { $name } = true (or false) under [params] in site.toml, or under params: in the page
bad-directive-else = ::: else takes no title, id or condition
bad-directive-else-help = write the line as just ::: else; its block shows when the if= block before it does not
misplaced-else = ::: else must come right after the closing ::: of a block with if=
misplaced-else-help = put it on the line after that block's closing :::, at the same indentation
bad-nesting-entry = a method or FAQ entry cannot be inside another method or FAQ entry
bad-nesting-entry-help = close the outer block with ::: before this line: methods and FAQ entries follow each other
bad-nesting-screenshot = a screenshot cannot be inside another screenshot
bad-nesting-screenshot-help = close the first screenshot with ::: before this line
bad-nesting-steps = a steps block inside another steps block must be inside one of its steps
bad-nesting-steps-help = for sub-steps, indent this ::: steps (and its closing :::) under the step's text, e.g. three spaces after '1. '
# $what is method or faq.
missing-block-title = this { $what ->
    [method] method
   *[faq] FAQ entry
} has no title
missing-block-title-help = write the title after the braces: { $example }
missing-id = this { $what ->
    [method] method
   *[faq] FAQ entry
} has no id, so nothing can link to it
missing-id-help = add an id: { $example }
unmatched-close = this ::: closes nothing: no block is open here
unmatched-close-help = remove the line, or add the ::: line that opens the block
misplaced-close = this ::: is inside a list or quote, but the block it would close (line { $line }) is not
misplaced-close-help = indent the closing ::: exactly like the line that opened the block
# $what is the block's kind: method, steps, faq, else, screenshot, block, or a callout (note, tip, …).
unclosed-directive = this { $what ->
    [method] method
    [steps] steps block
    [faq] FAQ entry
    [else] else block
    [screenshot] screenshot
    [block] block
   *[other] { $what }
} is never closed
unclosed-directive-help = add a line with just ::: where the block ends (at the same indentation)
unknown-device = unknown device tag '{"{"}{ $name }{"}"}'
unknown-device-help = a step starts with {"{"}pc{"}"}, {"{"}phone{"}"} or {"{"}both{"}"}
unused-device-tag = the device tag {"{"}{ $name }{"}"} has no effect here, so it is left out
unused-device-tag-help = device tags mark steps: start an item of a ::: steps list (or a list inside a step) with it
empty-steps = this steps block has no numbered list
empty-steps-help = write the steps as a numbered list: 1. {"{"}pc{"}"} …
unknown-condition-did-you-mean = did you mean if={ $name }?

## Parameters

unknown-param = unknown parameter '{ $name }'
unknown-param-help = add { $name } = "…" under [params] in site.toml, or remove the reference
unknown-param-typo-in-site-toml = site.toml:{ $line } has '{ $best }' — did you mean '{ $name }'? Nothing uses '{ $best }'; if this page is the one misspelt, write '{"{{"} { $best } {"}}"}'
unknown-argument = unknown argument or parameter '{ $name }'
unknown-argument-help = pass it where the snippet is included (::: include { $snippet } {"{"}{ $name }=…{"}"}), or set it under params: in the page or [params] in site.toml

## Front matter (load/)

missing-front-matter = the page has no front matter, so it has no title
missing-front-matter-help = start the file with three lines: ---, title: "Your title", ---
unclosed-front-matter = the front matter is never closed with a --- line
unclosed-front-matter-help = add a line with just --- after the last front-matter key
missing-title = the page has no title
missing-title-empty-front-matter = the front matter is empty, so the page has no title
missing-title-help = add a line: title: "Your title"
invalid-date = '{ $key }': { $detail }
invalid-date-help = write the date as YYYY-MM-DD with half-width digits, e.g. { $key }: 2026-04-01
unknown-front-matter-key = unknown front-matter key { $name }
unknown-front-matter-key-help = the keys are: title, description, weight, step, template, draft, aliases, updated, reviewed
duplicate-key = the front matter sets { $name } twice
duplicate-key-help = keep only one of the two lines
wrong-type-front-matter = '{ $key }' has the wrong kind of value: { $detail }
yaml-syntax = the front matter is not valid YAML: { $detail }
yaml-syntax-help = check quotes and colons on this line; text containing ': ' needs quotes
yaml-syntax-tab = the front matter uses a tab for indentation
yaml-syntax-tab-help = indent YAML with spaces, never tabs
front-matter-number-hint = { $key } is a whole number, e.g. { $key }: 2
front-matter-quoted-number-hint = { $key } is a number, written without quotes: { $key }: { $number }
full-width-number = '{ $key }: { $typed }' has its number typed in full-width digits, so '{ $key }' is not set
full-width-number-help = type the digits in half width: write '{ $key }: { $number }'
front-matter-draft-hint = draft is true or false
front-matter-aliases-hint = aliases is a list of old addresses, e.g. aliases: ["old-page/"]
front-matter-date-hint = { $key } is a date, e.g. { $key }: 2026-04-01
front-matter-text-hint = { $key } is text; put it in quotes, e.g. { $key }: "…"
full-width-colon = '{ $key }：' has a colon typed in full width, so '{ $key }' is not set
full-width-help = it looks like ':' typed in full-width: write '{ $fixed }'

## Links in Markdown (markdown/malformed_links.rs)

empty-link = '{ $written }' has no address, so it links nowhere
empty-link-help = write the address between ( and ), e.g. [text](faq.md), or remove the brackets
unclosed-link = '{ $written }' opens a link address with '(' that is never closed, so it shows as text
unclosed-link-help = end the address with ')', e.g. [text](faq.md)
undefined-reference = '{ $written }' refers to [{ $label }], which this page does not define, so it shows as text
undefined-reference-help = add a line '[{ $label }]: https://…' to the page, or write the address directly: [text](https://…)
lost-link-bracket = '{ $text }({ $address }' looks like a link that lost its brackets, so it shows as text
lost-link-bracket-help = write the link text in [ ] and the address in ( ): [{ $text }]({ $address })

## Guide steps (load/outline.rs)

duplicate-step = two pages of this guide are step { $number }: this one and { $first }
duplicate-step-help = give every step page of a guide its own number: 1, 2, 3 …
step-gap-first = this guide's first step is step { $number }; steps start at 1
step-gap = this page is step { $number }, but the guide has no step { $expected } before it
step-gap-help = number the steps 1, 2, 3 … without gaps: make this page step: { $expected }, or add the missing step
# $place is language (the language folder itself) or folder.
step-outside-guide = this page is step { $number }, but { $place ->
    [language] the language folder
   *[other] the folder '{ $folder }'
} has no index.md, so it is in no guide
step-outside-guide-help = add an index.md beside this page to make { $place ->
    [language] the language folder
   *[other] the folder '{ $folder }'
} a guide, or remove the step: line

## Snippets (snippets/)

unused-argument = the snippet '{ $snippet }' does not use the argument '{ $key }'
unused-argument-did-you-mean = did you mean { $best }=…? The snippet uses {"{{"} { $best } {"}}"}
unused-argument-help = remove { $key }=… from the include, or use {"{{"} { $key } {"}}"} in { $file }
include-too-deep = includes nest more than { $depth } deep
include-too-deep-help = a snippet should include few others; check for a chain that never ends
include-cycle = snippet '{ $name }' includes itself: { $chain }
include-cycle-help = remove one of these ::: include lines; a snippet cannot contain itself
missing-snippet = there is no snippet '{ $name }' in any language
missing-snippet-help = create content/<language>/{ $dir }/{ $name }.md, or fix the name
missing-snippet-translation = this snippet has no { $language } translation ({ $file } is missing); { $language } pages that include it get this one
missing-snippet-translation-help = translate it into { $file }

## Translations (parity.rs)

missing-translation = this page has no { $language } translation ({ $file } is missing); readers get this page with a notice
missing-translation-help = translate it into { $file }
# $here_is and $there_is are end (the snippet ended) or line ($here, $there).
parity-snippet = this snippet has { $here_is ->
    [end] the end
   *[other] '{ $here }'
} where { $other } has { $there_is ->
    [end] the end
   *[other] '{ $there }'
}
parity-snippet-help = give both translations the same blocks, includes and numbered steps
# $what is method, faq or heading.
parity-id = { $what ->
    [method] method
    [faq] FAQ entry
   *[heading] heading id
} '{ $id }' has no counterpart in { $other }
parity-id-help = use the same id in both languages, or add the { $what ->
    [method] method
    [faq] FAQ entry
   *[heading] heading id
} to { $other }
parity-steps = the steps of '{ $id }' are { $here } here but { $there } in { $other } (line { $line })
parity-steps-help = give both translations the same number of steps, so step links work in both

## Screenshots, images and code (markdown/)

bad-screenshot-attribute = unknown attribute '{ $name }' on a screenshot
bad-screenshot-attribute-help = a screenshot takes alt="…" and an #id: ::: screenshot img/x.png {"{"}alt="The Security info page"{"}"}
missing-alt = this screenshot has no alt text
missing-alt-help = describe what it shows, for readers who cannot see it: {"{"}alt="The Security info page"{"}"}
bad-screenshot-path = a screenshot needs the image's path after 'screenshot'
bad-screenshot-path-help = write ::: screenshot img/security-info.png {"{"}alt="…"{"}"}
unreadable-image = the size of '{ $image }' cannot be read, so its markers cannot be placed
unreadable-image-help = use a PNG, JPEG, GIF or WebP file, or an SVG whose <svg> has width and height in pixels
screenshot-marker-no-position = item { $number } of this screenshot has no position
screenshot-marker-no-position-help = start it with the place's pixels from the image's top-left corner, e.g. { $number }. 412,188 Select …; or give the same item a position in this screenshot on another language's page, with an image of the same size
screenshot-marker-outside = marker { $number } ({ $at }) is outside the image, which is { $width }×{ $height } pixels
screenshot-marker-outside-help = positions are pixels from the image's top-left corner: x from 0 to { $width }, y from 0 to { $height }; a box WxH must end inside too
image-from-other-language = '{ $written }' does not exist in this language; the page shows { $path } instead
image-from-other-language-help = add the screenshot of this language's screen at the same path, or keep the note the page shows under { $path }
unknown-code-language = no syntax highlighting is known for '{ $lang }'; the code is shown plain
unknown-code-language-help = use a common name such as sh, json, yaml, html, css, js or python, or leave the language out
duplicate-id = the id '{ $id }' is used twice on this page
duplicate-id-help = give each heading, method, step and FAQ entry its own id
full-width-space-after-colon = the space after '{ $key }:' is a full-width space, so '{ $key }' is not set
full-width-space-after-colon-help = type the space after the colon in half width: write '{ $fixed }'

## Files and folders (contain.rs, load/, i18n.rs)

# How a file could not be read: $reason_kind is denied, missing or other ($reason).
outside-site = this symbolic link leads outside the site folder (to { $target }), so tebiki will not read it
outside-site-help = copy the file into the site instead of linking to it; links are followed only when they stay inside the site folder
not-a-file = this is a { $kind }, not a regular file, so tebiki will not read it
not-a-file-help = remove it from the site, or replace it with an ordinary file
broken-symlink = this symbolic link points to a file that does not exist
broken-symlink-help = remove the link or restore the file it points to
symlink-loop = this symbolic link points back to a folder that contains it
symlink-loop-help = remove the link or point it somewhere else
unreadable = could not read this { $what ->
    [folder] folder
    [template] template
    [path] path
   *[file] file
}: { $reason_kind ->
    [denied] permission denied
    [missing] it does not exist
   *[other] { $reason }
}
unreadable-help = check the file's permissions
not-utf8 = the file is not UTF-8 text
not-utf8-help = save it as UTF-8
not-utf8-page-help = save it as UTF-8 (in most editors: Save with Encoding → UTF-8); Shift_JIS is not supported
missing-content-dir = there is no content folder for language '{ $lang }'
missing-content-dir-help = create content/{ $lang }/ with an index.md, or remove the language from site.toml

## UI strings (i18n/)

ui-string-argument = the string '{ $key }' could not be filled in: { $reason }
ui-string-argument-help = use only the {"{"} $arguments {"}"} the theme passes; compare with the same string in another language
missing-ui-string = the theme uses the string '{ $key }', which i18n/{ $lang }.ftl does not define
missing-ui-string-help = add a line to i18n/{ $lang }.ftl: { $key } = …
missing-ui-strings = could not read the UI strings for '{ $lang }': { $reason_kind ->
    [denied] permission denied
    [missing] it does not exist
   *[other] { $reason }
}
missing-ui-strings-help = copy another language's .ftl file to i18n/{ $lang }.ftl and translate it
ftl-syntax = Fluent syntax error: { $detail }
ftl-syntax-help = each entry is `key = text`; continuation lines are indented
ftl-duplicate-help = remove one of the two entries
untranslated-ui-string = '{ $key }' has no translation in i18n/{ $lang }.ftl
untranslated-ui-string-help = add '{ $key } = …' to i18n/{ $lang }.ftl

## Whole pages (check/)

id-clash-in-page = the id '{ $id }' appears more than once on { $page }
id-clash-in-page-help = the theme or raw HTML uses this id too; choose another id, e.g. {"{"}#{ $id }-section{"}"}
orphan-page = no other page links to { $page }
orphan-page-help = link to it from the home page or a related page, or move it into a guide's folder or the language folder, where the menu lists it
# $key is updated or reviewed.
stale-page = the page was last { $key } on { $date }, { $age } days ago (stale_after_days = { $limit })
stale-page-help = check that the page is still right, then set reviewed: { $today } (or updated: { $today } if you changed it)
broken-theme-link = the theme links to '{ $url }' on { $page }, and nothing is published there
broken-theme-link-help = check the URL the template builds; `tebiki build` and look in the output folder
broken-theme-link-outside = the theme links to '{ $url }' on { $page }, which is outside the site
broken-theme-link-outside-help = build the URL from site.base_path ('{ $base }') or page.url, or list the folder in site.toml under [links] host_paths if it belongs to the host site
theme-link-on = { " " }(a link the theme puts on { $page })

## Themes and rendering (render/)

missing-theme = the theme has no templates folder
missing-theme-help = check `theme` in site.toml, or run `tebiki init` to get the default theme
internal = tebiki lost this page's rendered Markdown (a bug in tebiki)
internal-help = please report this, with the page, at the project's issue tracker
bad-alias = the alias '{ $alias }' is not an address on this site: { $reason }
bad-alias-help = write the old address below the language folder (old-page/) or from the site's base path (/old-page/)

## Summary lines

check-summary = checked { $pages } pages, { $links } links: { $errors } { $errors ->
    [one] error
   *[other] errors
}, { $warnings } { $warnings ->
    [one] warning
   *[other] warnings
}
check-summary-external = { " " }({ $external } external { $external ->
    [one] URL
   *[other] URLs
}: { $fetched } fetched, { $cached } from cache)
check-summary-external-unchecked = { " " }({ $external } external { $external ->
    [one] URL
   *[other] URLs
} not checked; add --external)
check-took = { $summary } in { $ms } ms
error-content = the site has { $count } error(s); nothing was written
error-config = site.toml has { $count } problem(s)
build-summary = built { $pages } pages ({ $languages }), { $files } files, { $kib } KiB in { $ms } ms → { $output }{ $warnings ->
    [0] {""}
    [one] {" "}(1 warning)
   *[other] {" "}({ $warnings } warnings)
}
# $what: fence, heading, list-item, attribute, device-tag, parameter-spaces, parameter-braces, link, table-row.
full-width-syntax = '{ $typed }' is { $what ->
    [fence] a block fence (:::)
    [heading] a heading
    [list-item] a list item
    [attribute] an attribute ({"{"}#id{"}"})
    [device-tag] a device tag
    [parameter-spaces] a parameter with spaces
    [parameter-braces] a parameter ({"{{"} name {"}}"})
    [link] a link
   *[table-row] a table row
} typed in full width
full-width-syntax-help = it looks like '{ $meant }' typed in full-width: write '{ $fixed }'

## The syntax of ::: and ::: include lines

bad-directive-no-kind = '{ $written }' does not start with a block kind
bad-directive-no-kind-help = write the kind right after the colons, e.g. ::: method {"{"}#method-phone{"}"} Phone
bad-directive-quote = a quoted value is not closed
bad-directive-quote-help = close it with ": {"{"}if="step == first"{"}"}
bad-directive-id = '{ $id }' is not a usable id
bad-directive-id-help = use letters, digits, '-' and '_' only, e.g. {"{"}#method-phone{"}"}
bad-directive-condition = '{ $condition }' is not a condition
bad-directive-condition-help = write if=name, if=!name, if="name == value" or if="name != value"
bad-directive-unknown-attribute = unknown attribute '{ $token }'
bad-directive-unknown-attribute-help = attributes are #id, .class, if=name, if=!name, if="name == value" and open
bad-include-name = '{ $name }' is not a snippet name
bad-include-name-help = write the file name below _snippets/ without .md: ::: include add-method {"{"}method=app{"}"}
bad-include-after-name = unexpected '{ $after }' after the snippet name
bad-include-after-name-help = arguments go in braces: ::: include NAME {"{"}key=value key2="two words"{"}"}
bad-include-quote = a quoted argument value is not closed
bad-include-quote-help = close the value with ": label="two words"
bad-include-no-value = the argument '{ $token }' has no value
bad-include-no-value-help = write { $token }=value, or { $token }="two words"
bad-include-argument-name = '{ $key }' is not an argument name
bad-include-argument-name-help = use letters, digits and '_', starting with a letter: method=app
bad-include-twice = the argument '{ $key }' is given twice
bad-include-twice-help = keep one of the two values
