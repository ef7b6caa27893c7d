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
broken-param = '{ $typed }' has a brace too few or too many, so it shows on the page as typed
broken-param-help = write '{ $fixed }'
unknown-argument = unknown argument or parameter '{ $name }'
unknown-argument-help = pass it where the snippet is included (::: include { $snippet } {"{"}{ $name }=…{"}"}), or set it under params: in the page or [params] in site.toml

## Front matter (load/)

missing-front-matter = the page has no front matter, so it has no title
missing-front-matter-help = start the file with three lines: ---, title: "Your title", ---
unclosed-front-matter = the front matter is never closed with a --- line
unclosed-front-matter-help = add a line with just --- after the last front-matter key
missing-title = the page has no title
missing-title-empty = the title is empty, so the page has no title: its browser tab and heading would be blank
missing-title-empty-help = write the page's title after title:, e.g. title: "Register a first method"
missing-title-empty-front-matter = the front matter is empty, so the page has no title
missing-title-help = add a line: title: "Your title"
# $problem: format, day (the month has $days days) or month.
date-problem = { $problem ->
    [format] it is not written as YYYY-MM-DD
    [day] that month has only { $days } days
   *[month] there is no such month (months are 01 to 12)
}
invalid-date = '{ $key }': '{ $value }' is not a real date: { date-problem }
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
changed-while-building = the file changed while the site was building
changed-while-building-help = build again
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
ftl-duplicate = '{ $key }' is defined twice
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
bad-alias = the alias '{ $alias }' is not an address on this site: { $reason ->
    [empty] it is empty
    [full-url] it is a full web address, not a path on this site
    [special] it contains '?', '#' or '\'
   *[dots] '.' and '..' are not allowed in an alias
}
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
# $what: fence, front-matter-fence, heading, list-item, attribute, device-tag, parameter-spaces, parameter-braces, include-arguments, toml-line, ftl-line, link, table-row.
full-width-syntax = '{ $typed }' is { $what ->
    [fence] a block fence (:::)
    [front-matter-fence] a front-matter line (---)
    [heading] a heading
    [list-item] a list item
    [attribute] an attribute ({"{"}#id{"}"})
    [device-tag] a device tag
    [parameter-spaces] a parameter with spaces
    [parameter-braces] a parameter ({"{{"} name {"}}"})
    [include-arguments] an include's argument list ({"{"}key=value{"}"})
    [toml-line] a site.toml line
    [ftl-line] a UI string line
    [link] a link
   *[table-row] a table row
} typed in full width
full-width-syntax-help = it looks like '{ $meant }' typed in full-width: write '{ $fixed }'

## The syntax of ::: and ::: include lines

bad-directive-no-kind = '{ $written }' does not start with a block kind
bad-directive-no-kind-help = write the kind right after the colons, e.g. ::: method {"{"}#method-phone{"}"} Phone
bad-directive-quote = a quoted value is not closed
bad-directive-quote-help = close it with ": {"{"}if="step == first"{"}"}
bad-directive-curly-quote = a value is in typographic quotes (“ ” or ＂), which Markdown does not read as quotes
bad-directive-curly-quote-help = use straight quotes ("): { $fixed }
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

## site.toml (config.rs, config/)

not-utf8-config = site.toml is not valid UTF-8 text (bad byte at offset { $offset })
not-utf8-config-help = save the file as UTF-8
# $found: text, number, list, table, empty or other; $value: what was written.
# $wanted: count, whole, number, text, bool, list, table or other ($written: serde's words).
wrong-type-config = site.toml: the value is { $found ->
    [text] text ({ $value })
    [number] { $value }
    [list] a list
    [table] a table
    [empty] empty
   *[other] { $value }
}, but { $wanted ->
    [count] a whole number from 0 up
    [whole] a whole number
    [number] a number
    [text] text in quotes
    [bool] true or false
    [list] a list in [ ]
    [table] a table
   *[other] { $written }
} is expected
wrong-type-config-help = text needs quotes, numbers and true/false do not
wrong-type-theme = site.toml: the value should be text in quotes or a table
wrong-value = site.toml: { $value } is not one of the allowed values: { $allowed }
wrong-value-help = write one of the allowed values, in quotes
unknown-key = site.toml: unknown field { $name }, expected one of { $allowed }
unknown-key-no-list = site.toml: unknown field { $name }
unknown-key-help = check the spelling; the README lists every key site.toml accepts
missing-key = site.toml: missing field { $name }
missing-key-help = add the key; the README lists the required ones
toml-syntax = site.toml: { $detail }
toml-syntax-help = see https://toml.io for the syntax of TOML files
bad-base-url = base_url '{ $value }' is not an absolute http(s) URL
bad-base-url-help = write the site's public address, e.g. base_url = "https://mfa.university.example/"
param-wrong-type = parameter '{ $name }' is a { $kind }; parameters must be text, a number or true/false
param-wrong-type-help = write the value in quotes, e.g. { $name } = "…"
missing-language = site.toml lists no languages
missing-language-help = add a [[languages]] table with code, name and title for each language
bad-language-code = '{ $code }' is not a language code
bad-language-code-help = use a BCP 47 code such as "ja", "en" or "zh-Hant"
duplicate-language = language '{ $code }' is listed twice
duplicate-language-help = remove one of the two [[languages]] tables
unknown-language = default_language '{ $code }' is not one of the languages ({ $listed })
unknown-language-help = set default_language to one of the [[languages]] codes, or add that language
bad-output-dir = output_dir is empty
bad-output-dir-help = use e.g. output_dir = "public"
bad-host-path = host path '{ $path }' is not a path below the server's root
bad-host-path-help = write paths like "/support/": a leading /, and not / alone
bad-logo-outside = logo '{ $value }' is not a file in the site's static/ folder
bad-logo-outside-help = put the logo into static/ and write its path from the site root, e.g. logo = "static/logo.svg"
bad-logo-missing = logo '{ $value }' does not exist
bad-logo-missing-help = check the file name; the path starts at the folder holding site.toml
bad-color = { $key } '{ $value }' is not a colour
bad-color-help = write it as # and six hex digits, e.g. { $key } = "#0b57a4"
# $scheme is light or dark.
low-contrast = { $key } '{ $value }' has a contrast of { $ratio }:1 against the theme's { $scheme ->
    [dark] dark
   *[light] light
} background { $background }; WCAG AA needs 4.5:1 for text
low-contrast-help = the nearest passing shade is { $key } = "{ $better }" ({ $ratio }:1)
announcement-key = '{ $key }' in [announcement] is no language of this site
announcement-key-did-you-mean = did you mean '{ $suggestion }'? The keys are until and the language codes
announcement-key-help = the keys are until and the language codes: { $codes }
announcement-not-text = the announcement's '{ $key }' must be text
announcement-not-text-help = write it in quotes: { $key } = "…"
announcement-missing-language = the announcement has no text in '{ $lang }'
announcement-missing-language-help = add { $lang } = "…" under [announcement], so every language's readers see it
announcement-until = the announcement's until is not a date: { date-problem }
announcement-until-help = write the last day to show it as YYYY-MM-DD, e.g. until = 2027-04-01

## Templates and output paths (render/)

# $detail is Tera's own message.
template = { $detail }
template-syntax = template syntax error: { $detail }
template-help = see the Tera documentation for template syntax
template-variable-help = check the variable's spelling; the README lists what templates can use (page.*, site.*)
template-asset-help = put the file in static/ at the site root (or the theme's static/ folder), or correct the path given to asset_url
template-filter-help = check the filter's name; see the Tera documentation for the built-in filters
template-name-help = check the template name; it must exist under the theme's templates/ folder
template-cached-include-help = '{ $template }' is rendered with cached_include, once per language, so it gets site.* only; use {"{"}% include "{ $template }" %{"}"} if it needs page.*
env-not-allowed = this template reads the environment variable { $name }, which templates may not read
env-not-allowed-help = templates may read only { $allowed }; to allow this one, add it to site.toml: [security] env = ["{ $name }"]
# $kind is include, extends or import.
template-recursion = this { $kind } makes the templates include themselves without end: { $chain }
template-recursion-help = a template cannot include, extend or import itself, directly or through others; move the shared part into a partial that includes neither
unknown-template = the theme has no template '{ $name }'
unknown-template-help = the theme's templates are: { $names }
# $owner: self, page, file, generated or alias; $name names the owner ($line: the alias's line).
alias-collision = the alias '{ $alias }' would be published at '{ $address }', which is { $owner ->
    [self] this page's own address
    [page] the address of the page { $name }
    [file] the address of the file { $name }
    [generated] the address of { $name ->
        [chooser] the language chooser
        [not-found] the 404 page
        [sitemap] the sitemap
       *[robots] robots.txt
    }, which tebiki makes
   *[alias] already an alias of { $name } (line { $line })
}
alias-collision-help = { $owner ->
    [self] remove the alias: the page is already published there
    [page] a page that exists cannot be redirected; remove the alias, or move or rename that page
    [file] choose another old address, or rename the file
    [generated] choose another old address
   *[alias] an old address can lead to one page only; keep the alias on one of them
}
duplicate-output = this file and { $first } would both be written to { $path }; one of them would be lost
duplicate-output-help = rename or remove one of them; each output file can come from one source only
duplicate-output-index-help = `name.md` and `name/index.md` are the same page; keep one of them (move the other's text into it)

## External links (check/external/)

# { link-what } names the link ($kind, $text, $written). $failure: status, timeout, dns,
# connect, tls, network or not-checked; $detail is the status code or the library's words.
external-link = { link-what }: { $failure ->
    [status] the server answered { $detail } (HTTP status)
    [timeout] the server did not answer in time (timeout)
    [dns] the host name was not found (DNS: { $detail })
    [connect] could not connect (connection: { $detail })
    [tls] the secure connection failed (TLS: { $detail })
    [not-checked] not checked (time budget)
   *[network] could not connect ({ $detail })
}
external-link-help = fix or remove the link; if the site blocks checkers, add it to exclude in [check] of site.toml
external-unchecked-help = the run's time budget ran out before this link; raise --external-timeout (seconds) or narrow [check] include
external-redirect = { link-what } redirects to { $to }
external-redirect-help = link to { $to } directly
external-anchor = { link-what }: the page has no '#{ $anchor }'
external-anchor-help = link to the page without the '#…' part, or to one of its headings (open it in a browser to see their ids)
used-in-places = { " " }(used in { $count } places: { $list }{ $more ->
    [0] {""}
   *[other] { " " }and { $more } more
})
external-offline = none of the { $count } external URLs could be reached (no connection, or host names not found): is this machine without network access?
external-offline-help = check the network or proxy settings and run again; tebiki check without --external checks the internal links only
invalid-link-mailto-empty = the mailto: link has no address
invalid-link-mailto = '{ $address }' is not an e-mail address
invalid-link-tel = '{ $number }' is not a telephone number (use digits, '-', and a leading '+')
invalid-link-help = check the address for typos
external-progress = checking external links: { $done }/{ $total }

## Fatal errors (error.rs, output/)

error-read = could not read { $path }
error-write = could not write { $path }
error-bind = the dev server could not start on { $addr }
error-bind-help = another program may be using the port; try --port 0 or --port 8080
error-no-site-help = { $folder } is not a tebiki site (it has no site.toml); run tebiki in the site folder, point to it with --root path/to/site, or create a site here with tebiki init
# $cause is the system's or a library's own words.
caused-by = caused by: { $cause }
error-output-dir = unsafe output directory { $path }:{ " " }
# $reason selects the words; $name is a folder of the site (for inside).
output-dir-reason = { $reason ->
    [root] it is the site root; tebiki replaces its output directory on every build
    [outside] it lies outside the site root; choose a folder inside it, such as public
    [inside] it is inside { $name }/, where tebiki reads your files
    [contains-root] it contains the site root
    [symlink] it is a symbolic link; tebiki will not replace a link or write through it
    [file] it is a file, not a folder
    [foreign] it already holds files that tebiki did not write; empty it or choose another folder
    [parent-link] its parent folder is a link that leads outside the site root
    [escapes] this output path would leave the output folder; tebiki writes only inside it
    [through-link] it is a symbolic link; tebiki will not write through it
    [file-in-the-way] a file tebiki did not write stands where this folder goes; move it out of the output folder
    [folder-in-the-way] a folder holding files tebiki did not write stands where this file goes; move them out of the output folder
   *[not-ours] it was not written by tebiki, so it is left alone
}
build-waiting = waiting for another tebiki build of { $output } to finish…
bad-base-url-flag = --base-url (or { $env }) '{ $value }' is not an absolute http(s) URL
bad-base-url-flag-help = write the preview's address, e.g. --base-url https://preview.example.org/mfa/
init-bad-tebiki-git = --tebiki-git '{ $value }' is not a repository address; give one like https://github.com/<your-org>/tebiki
init-not-empty = { $dir } is not empty; tebiki init only writes into a new or empty folder, so nothing of yours is overwritten
serve-watch-failed = could not watch { $path } for changes: { $detail }
serve-ctrl-c-failed = could not listen for Ctrl-C: { $detail }

## tebiki serve and tebiki init (serve/, cmd/init.rs)

serve-serving = serving at { $url } (press Ctrl-C to stop)
serve-on-network = on your network: { $url }
serve-public-bind = listening on { $bind }, so other computers on the network can see this site; use the default (--bind 127.0.0.1) to keep it to this computer
serve-no-browser = could not open a browser: { $detail }
serve-stopped = stopped
serve-built = build { $build }: { $pages } pages in { $ms } ms ({ $rendered } of { $paths } paths rendered again)
serve-last-good = the last good build ({ $build }) is still served
# The error overlay and the warnings panel in the browser (serve/words.rs).
serve-build-failed = The site did not build. The page below is the last good version.
serve-help = help
serve-no-build = The site did not build yet. Fix the problems listed above and save; this page reloads by itself.
serve-warnings = The site built, with warnings:
serve-dismiss = Close
init-wrote = wrote { $count } files to { $dir }
init-next = next: edit site.toml (university name, account name, support desk), then run
init-workflow = on GitHub, { $workflow } checks pull requests and publishes to GitHub Pages; it installs tebiki from { $url }
init-workflow-unset = on GitHub, { $workflow } checks pull requests and publishes to GitHub Pages; first set TEBIKI_GIT at its top to the git repository you install tebiki from (or run init with --tebiki-git URL)

## Headings (markdown/headings.rs)

unclosed-heading-id = the heading's id '{"{"}#{ $id }' has no closing '{"}"}', so it shows as text and the heading gets another id
unclosed-heading-id-help = close the braces: { $fixed }
heading-level = this heading ({ $written }) skips a level after the heading before it ({ $last })
heading-level-after-title = this heading ({ $written }) skips a level after the page title (level 1, as #)
heading-level-help = screen readers list headings by level; write { $fixed } here, one # more than the heading before
heading-level-title = a heading with one # is a second page title: the page's title is its only level-1 heading
heading-level-title-help = start the page's sections at ##
empty-heading = this heading has no text, so screen readers announce an empty heading
empty-heading-help = write the heading's text after the #s, e.g. ## Choose a method {"{"}#choose{"}"}
empty-link-text = the link to '{ $written }' has no text, so screen readers read out its address alone
empty-link-text-help = write the link's text between [ and ]: [Step 2]({ $written })
list-marker-space = '{ $typed }' is not a list item: there is no space after '{ $marker }', so the line joins the text before it
list-marker-space-help = write '{ $fixed }'
